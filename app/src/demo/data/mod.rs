//! Tables behind the demo catalog. Each leaf line is `Brand|Model|price in dollars|spec values`
//! (separated by `;`, in the order of the leaf's `spec_keys`); prices become `N.99`.

mod accessories;
mod components;
mod more;
mod peripherals;

/// Every leaf category table, in navigation order.
pub fn leaves() -> impl Iterator<Item = &'static LeafTable> {
    components::COMPONENTS
        .iter()
        .chain(peripherals::PERIPHERALS)
        .chain(more::MORE)
        .chain(accessories::ACCESSORIES)
}

/// A variant axis: every product of a leaf priced at least `min_dollars` comes in each option,
/// priced at the given percentage of the base price.
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    pub name: &'static str,
    pub options: &'static [(&'static str, i64)],
    pub min_dollars: i64,
}

pub struct LeafTable {
    pub slug: &'static str,
    pub name: &'static str,
    pub parent: &'static str,
    pub sku_prefix: &'static str,
    pub blurb: &'static str,
    pub spec_keys: &'static str,
    pub axis: Option<Axis>,
    pub lines: &'static str,
}

/// The specifications each demo category's listing filters by (its spec facets).
pub const SPEC_FACETS: &[(&str, &[&str])] = &[
    ("cpus", &["Socket", "Cores / threads"]),
    ("graphics-cards", &["Chipset", "Memory"]),
    ("motherboards", &["Socket", "Chipset", "Form factor"]),
    ("memory", &["Type", "Capacity", "Speed"]),
    ("ssds", &["Interface", "Form factor"]),
    ("hard-drives", &["Interface", "Use"]),
    ("power-supplies", &["Wattage", "Efficiency", "Modular"]),
    ("pc-cases", &["Form factor", "Motherboard support"]),
    ("cpu-coolers", &["Type", "Socket support"]),
    ("case-fans", &["Size", "Lighting"]),
    ("monitors", &["Size", "Resolution", "Panel"]),
    (
        "gaming-monitors",
        &["Size", "Resolution", "Refresh rate", "Panel"],
    ),
    ("office-monitors", &["Size", "Resolution", "Panel"]),
    ("portable-monitors", &["Size", "Connection"]),
    ("gaming-laptops", &["Graphics", "Display"]),
    ("ultrabooks", &["Processor", "Display"]),
    ("gaming-chairs", &["Material", "Armrests"]),
    ("desks", &["Height", "Frame"]),
    ("routers", &["Wi-Fi standard", "Speed class"]),
    ("mesh-wifi", &["Wi-Fi standard", "Backhaul"]),
    ("network-switches", &["Ports", "Speed", "Management"]),
    ("network-adapters", &["Interface", "Standard"]),
    ("capture-cards", &["Max input", "Connection"]),
    ("lighting", &["Type", "Control"]),
    ("keyboards", &["Layout", "Connection", "Switch family"]),
    ("mice", &["Connection", "Sensor"]),
    ("headsets", &["Connection", "Microphone"]),
    ("webcams", &["Resolution", "Connection"]),
    ("microphones", &["Type", "Connection"]),
    ("controllers", &["Platform", "Connection"]),
    ("speakers", &["Type", "Connection"]),
    ("docks-hubs", &["Host connection", "Displays"]),
    ("thermal-paste", &["Type", "Electrically conductive"]),
    ("external-storage", &["Type", "Capacity", "Interface"]),
    ("games", &["Platform", "Genre", "Age rating"]),
    ("pc-games", &["Genre", "Age rating"]),
    ("playstation-games", &["Genre", "Age rating"]),
    ("xbox-games", &["Genre", "Age rating"]),
    ("switch-games", &["Genre", "Age rating"]),
];

/// The spec facets of a demo category (none when it has no entry in [`SPEC_FACETS`]).
pub fn spec_facets(slug: &str) -> Vec<String> {
    SPEC_FACETS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, names)| names.iter().map(|n| n.to_string()).collect())
        .unwrap_or_default()
}

pub const TOP_LEVEL: &[(&str, &str, &str)] = &[
    ("components", "PC Components", "Everything inside the case: processors, graphics cards, memory, storage, power and cooling."),
    ("peripherals", "Peripherals", "Keyboards, mice, headsets and everything else you touch, hear or speak into."),
    ("monitors", "Monitors", "Fast gaming panels, colour-accurate office screens and portable displays."),
    ("laptops", "Laptops", "Gaming laptops and thin-and-light ultrabooks."),
    ("consoles", "Consoles", "PlayStation, Xbox and Nintendo consoles with their accessories."),
    ("games", "Games", "Games for PC and every current console."),
    ("chairs-desks", "Chairs & Desks", "Gaming chairs, ergonomic seating and desks for long sessions."),
    ("networking", "Networking", "Routers, mesh Wi-Fi, switches and network adapters."),
    ("streaming", "Streaming", "Capture cards and lighting for creators."),
];

pub(super) const COLOUR: Axis = Axis {
    name: "Colour",
    options: &[("Black", 100), ("White", 105)],
    min_dollars: 0,
};
pub(super) const SWITCHES: Axis = Axis {
    name: "Switches",
    options: &[
        ("Linear Red", 100),
        ("Tactile Brown", 100),
        ("Clicky Blue", 100),
    ],
    min_dollars: 0,
};
pub const EDITION: Axis = Axis {
    name: "Edition",
    options: &[("Standard", 100), ("Deluxe", 140)],
    min_dollars: 49,
};

pub const GAME_PLATFORMS: &[(&str, &str, &str, &str)] = &[
    ("pc-games", "PC Games", "PC", "PCG"),
    ("playstation-games", "PlayStation Games", "PS5", "SPS"),
    ("xbox-games", "Xbox Games", "Xbox Series X/S", "XBX"),
    (
        "switch-games",
        "Nintendo Switch Games",
        "Nintendo Switch",
        "NSW",
    ),
];

/// `Publisher|Title|dollars|Genre|ESRB rating|platforms` where platforms uses the first letter
/// of the platform's SKU prefix: P(C), S(ony), X(box), N(intendo).
pub const GAMES: &str = "
Bandai Namco|Elden Ring|59|Action RPG|M|PSX
CD PROJEKT RED|Cyberpunk 2077: Ultimate Edition|59|RPG|M|PSX
Larian Studios|Baldur's Gate 3|69|RPG|M|PSX
Warner Bros. Games|Hogwarts Legacy|59|Action RPG|T|PSXN
Electronic Arts|EA SPORTS FC 25|69|Sports|E|PSXN
Activision|Call of Duty: Black Ops 6|69|Shooter|M|PSX
Rockstar Games|Red Dead Redemption 2|39|Action adventure|M|PSX
Capcom|Resident Evil 4|39|Survival horror|M|PSX
Capcom|Street Fighter 6|49|Fighting|T|PSX
Blizzard Entertainment|Diablo IV|69|Action RPG|M|PSX
Xbox Game Studios|Microsoft Flight Simulator 2024|69|Simulation|E|PX
Paradox Interactive|Cities: Skylines II|49|City builder|E|P
2K|Sid Meier's Civilization VII|69|Strategy|E10+|PSXN
Wube Software|Factorio|35|Automation|E|PN
Sony Interactive Entertainment|Marvel's Spider-Man 2|69|Action adventure|T|S
Sony Interactive Entertainment|God of War Ragnarok|59|Action adventure|M|SP
Sony Interactive Entertainment|Gran Turismo 7|69|Racing|E|S
Sony Interactive Entertainment|Astro Bot|59|Platformer|E10+|S
Xbox Game Studios|Halo Infinite|59|Shooter|T|XP
Xbox Game Studios|Forza Horizon 5|59|Racing|E|XPS
Bethesda Softworks|Starfield|69|RPG|M|XP
Nintendo|The Legend of Zelda: Tears of the Kingdom|69|Action adventure|E10+|N
Nintendo|Super Mario Bros. Wonder|59|Platformer|E|N
Nintendo|Mario Kart 8 Deluxe|59|Racing|E|N
Nintendo|Animal Crossing: New Horizons|59|Life sim|E|N
Nintendo|Super Smash Bros. Ultimate|59|Fighting|E10+|N
The Pokémon Company|Pokémon Scarlet|59|RPG|E|N
Supergiant Games|Hades II|29|Roguelike|T|PN
ConcernedApe|Stardew Valley|14|Farming sim|E|PSXN
Team Cherry|Hollow Knight|14|Metroidvania|E10+|PSXN
";
