//! Tables behind the demo catalog. Each leaf line is `Brand|Model|price in dollars|spec values`
//! (separated by `;`, in the order of the leaf's `spec_keys`); prices become `N.99`.

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

const COLOUR: Axis = Axis {
    name: "Colour",
    options: &[("Black", 100), ("White", 105)],
    min_dollars: 0,
};
const SWITCHES: Axis = Axis {
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

pub const LEAVES: &[LeafTable] = &[
    LeafTable { slug: "cpus", name: "Processors", parent: "components", sku_prefix: "CPU",
        blurb: "A desktop processor for gaming and creative work.",
        spec_keys: "Cores / threads;Boost clock;Socket;TDP", axis: None, lines: "
AMD|Ryzen 5 7600X|229|6 / 12;5.3 GHz;AM5;105 W
AMD|Ryzen 7 7800X3D|449|8 / 16;5.0 GHz;AM5;120 W
AMD|Ryzen 9 7900X|399|12 / 24;5.6 GHz;AM5;170 W
AMD|Ryzen 9 7950X3D|649|16 / 32;5.7 GHz;AM5;120 W
AMD|Ryzen 7 9700X|359|8 / 16;5.5 GHz;AM5;65 W
AMD|Ryzen 5 5600|129|6 / 12;4.4 GHz;AM4;65 W
Intel|Core i5-14600K|319|14 / 20;5.3 GHz;LGA1700;125 W
Intel|Core i7-14700K|409|20 / 28;5.6 GHz;LGA1700;125 W
Intel|Core i9-14900K|589|24 / 32;6.0 GHz;LGA1700;125 W
Intel|Core i5-12400F|149|6 / 12;4.4 GHz;LGA1700;65 W
Intel|Core Ultra 7 265K|399|20 / 20;5.5 GHz;LGA1851;125 W" },
    LeafTable { slug: "graphics-cards", name: "Graphics Cards", parent: "components", sku_prefix: "GPU",
        blurb: "A graphics card for high frame rates and ray tracing.",
        spec_keys: "Chipset;Memory;Boost clock;Power connector", axis: None, lines: "
ASUS|Dual GeForce RTX 4060 8GB|299|NVIDIA GeForce RTX 4060;8 GB GDDR6;2535 MHz;1x 8-pin
MSI|Ventus 2X GeForce RTX 4060 Ti 8G|389|NVIDIA GeForce RTX 4060 Ti;8 GB GDDR6;2565 MHz;1x 8-pin
Gigabyte|WINDFORCE GeForce RTX 4070 12G|549|NVIDIA GeForce RTX 4070;12 GB GDDR6X;2490 MHz;1x 16-pin
ASUS|TUF Gaming GeForce RTX 4070 SUPER 12GB|629|NVIDIA GeForce RTX 4070 SUPER;12 GB GDDR6X;2565 MHz;1x 16-pin
MSI|Gaming X Slim GeForce RTX 4070 Ti SUPER 16G|849|NVIDIA GeForce RTX 4070 Ti SUPER;16 GB GDDR6X;2685 MHz;1x 16-pin
ZOTAC|Gaming GeForce RTX 4080 SUPER Trinity|1029|NVIDIA GeForce RTX 4080 SUPER;16 GB GDDR6X;2550 MHz;1x 16-pin
ASUS|ROG Strix GeForce RTX 4090 OC 24GB|1999|NVIDIA GeForce RTX 4090;24 GB GDDR6X;2640 MHz;1x 16-pin
Sapphire|PULSE Radeon RX 7600 8GB|259|AMD Radeon RX 7600;8 GB GDDR6;2655 MHz;1x 8-pin
XFX|Speedster QICK 319 Radeon RX 7800 XT|499|AMD Radeon RX 7800 XT;16 GB GDDR6;2565 MHz;2x 8-pin
PowerColor|Hellhound Radeon RX 7900 XTX|949|AMD Radeon RX 7900 XTX;24 GB GDDR6;2525 MHz;2x 8-pin
Intel|Arc A770 16GB Limited Edition|289|Intel Arc A770;16 GB GDDR6;2400 MHz;1x 8-pin + 1x 6-pin
Gigabyte|AERO GeForce RTX 4070 SUPER OC 12G|649|NVIDIA GeForce RTX 4070 SUPER;12 GB GDDR6X;2550 MHz;1x 16-pin" },
    LeafTable { slug: "motherboards", name: "Motherboards", parent: "components", sku_prefix: "MOB",
        blurb: "A motherboard with fast storage and networking built in.",
        spec_keys: "Socket;Chipset;Form factor;Memory", axis: None, lines: "
ASUS|ROG Strix B650-A Gaming WiFi|229|AM5;AMD B650;ATX;DDR5
MSI|MAG B650 Tomahawk WiFi|209|AM5;AMD B650;ATX;DDR5
Gigabyte|X670E AORUS Master|479|AM5;AMD X670E;E-ATX;DDR5
ASRock|B650M Pro RS|129|AM5;AMD B650;Micro-ATX;DDR5
ASUS|TUF Gaming Z790-Plus WiFi|239|LGA1700;Intel Z790;ATX;DDR5
MSI|PRO Z790-A MAX WiFi|219|LGA1700;Intel Z790;ATX;DDR5
Gigabyte|B760M DS3H DDR4|109|LGA1700;Intel B760;Micro-ATX;DDR4
ASRock|B550 Steel Legend|139|AM4;AMD B550;ATX;DDR4
ASUS|ROG Strix X870E-E Gaming WiFi|499|AM5;AMD X870E;ATX;DDR5
MSI|MPG B550I Gaming Edge WiFi|169|AM4;AMD B550;Mini-ITX;DDR4" },
    LeafTable { slug: "memory", name: "Memory (RAM)", parent: "components", sku_prefix: "RAM",
        blurb: "Desktop memory tested for stability at its rated speed.",
        spec_keys: "Capacity;Speed;Latency;Type", axis: None, lines: "
Corsair|Vengeance RGB DDR5 32GB (2x16GB) 6000MHz|119|32 GB;6000 MT/s;CL36;DDR5
G.Skill|Trident Z5 RGB DDR5 32GB (2x16GB) 6400MHz|139|32 GB;6400 MT/s;CL32;DDR5
Kingston|FURY Beast DDR5 32GB (2x16GB) 5600MHz|99|32 GB;5600 MT/s;CL40;DDR5
Crucial|Pro DDR5 64GB (2x32GB) 5600MHz|179|64 GB;5600 MT/s;CL46;DDR5
TeamGroup|T-Force Delta RGB DDR5 32GB 6000MHz|109|32 GB;6000 MT/s;CL38;DDR5
Corsair|Vengeance LPX DDR4 16GB (2x8GB) 3200MHz|44|16 GB;3200 MT/s;CL16;DDR4
G.Skill|Ripjaws V DDR4 32GB (2x16GB) 3600MHz|69|32 GB;3600 MT/s;CL18;DDR4
Kingston|FURY Renegade DDR5 48GB (2x24GB) 7200MHz|209|48 GB;7200 MT/s;CL38;DDR5
Crucial|DDR4 8GB 3200MHz Desktop Memory|19|8 GB;3200 MT/s;CL22;DDR4
G.Skill|Flare X5 DDR5 32GB (2x16GB) 6000MHz|114|32 GB;6000 MT/s;CL30;DDR5" },
    LeafTable { slug: "ssds", name: "SSDs", parent: "components", sku_prefix: "SSD",
        blurb: "Solid-state storage for fast boots and short loading screens.",
        spec_keys: "Interface;Read speed;Write speed;Form factor",
        axis: Some(Axis { name: "Capacity", options: &[("1 TB", 100), ("2 TB", 170), ("4 TB", 320)], min_dollars: 0 }), lines: "
Samsung|990 PRO NVMe SSD|119|PCIe 4.0 x4 NVMe;7450 MB/s;6900 MB/s;M.2 2280
WD|Black SN850X NVMe SSD|99|PCIe 4.0 x4 NVMe;7300 MB/s;6600 MB/s;M.2 2280
Crucial|T700 Gen5 NVMe SSD|179|PCIe 5.0 x4 NVMe;12400 MB/s;11800 MB/s;M.2 2280
Kingston|KC3000 NVMe SSD|89|PCIe 4.0 x4 NVMe;7000 MB/s;6000 MB/s;M.2 2280
Seagate|FireCuda 530R NVMe SSD|109|PCIe 4.0 x4 NVMe;7300 MB/s;6000 MB/s;M.2 2280
Samsung|870 EVO SATA SSD|79|SATA 6 Gb/s;560 MB/s;530 MB/s;2.5-inch
Crucial|P3 Plus NVMe SSD|59|PCIe 4.0 x4 NVMe;5000 MB/s;4200 MB/s;M.2 2280
SK hynix|Platinum P41 NVMe SSD|104|PCIe 4.0 x4 NVMe;7000 MB/s;6500 MB/s;M.2 2280
Corsair|MP600 PRO LPX NVMe SSD|94|PCIe 4.0 x4 NVMe;7100 MB/s;6800 MB/s;M.2 2280
Lexar|NM790 NVMe SSD|69|PCIe 4.0 x4 NVMe;7400 MB/s;6500 MB/s;M.2 2280" },
    LeafTable { slug: "hard-drives", name: "Hard Drives", parent: "components", sku_prefix: "HDD",
        blurb: "Spinning-disk capacity for libraries, backups and NAS boxes.",
        spec_keys: "Interface;Spindle speed;Cache;Use",
        axis: Some(Axis { name: "Capacity", options: &[("4 TB", 100), ("8 TB", 160), ("12 TB", 230)], min_dollars: 0 }), lines: "
Seagate|BarraCuda 3.5-inch HDD|79|SATA 6 Gb/s;5400 rpm;256 MB;Desktop
WD|Blue 3.5-inch HDD|84|SATA 6 Gb/s;5400 rpm;256 MB;Desktop
Seagate|IronWolf NAS HDD|99|SATA 6 Gb/s;5400 rpm;256 MB;NAS
WD|Red Plus NAS HDD|104|SATA 6 Gb/s;5400 rpm;256 MB;NAS
Toshiba|N300 NAS HDD|109|SATA 6 Gb/s;7200 rpm;256 MB;NAS
Seagate|IronWolf Pro NAS HDD|139|SATA 6 Gb/s;7200 rpm;256 MB;NAS
WD|Purple Surveillance HDD|94|SATA 6 Gb/s;5400 rpm;256 MB;Surveillance
Toshiba|X300 Performance HDD|119|SATA 6 Gb/s;7200 rpm;256 MB;Desktop
Seagate|Exos X18 Enterprise HDD|189|SATA 6 Gb/s;7200 rpm;256 MB;Enterprise" },
    LeafTable { slug: "power-supplies", name: "Power Supplies", parent: "components", sku_prefix: "PSU",
        blurb: "A power supply with clean, quiet delivery and long warranty.",
        spec_keys: "Wattage;Efficiency;Modular;Form factor", axis: None, lines: "
Corsair|RM850x 850W 80+ Gold|139|850 W;80 PLUS Gold;Fully modular;ATX 3.1
Seasonic|FOCUS GX-750 750W|119|750 W;80 PLUS Gold;Fully modular;ATX
be quiet!|Pure Power 12 M 650W|94|650 W;80 PLUS Gold;Fully modular;ATX 3.0
EVGA|SuperNOVA 1000 G7 1000W|179|1000 W;80 PLUS Gold;Fully modular;ATX
Cooler Master|MWE Gold 750 V2|89|750 W;80 PLUS Gold;Fully modular;ATX
MSI|MAG A650BN 650W|59|650 W;80 PLUS Bronze;Non-modular;ATX
Corsair|HX1500i 1500W 80+ Platinum|349|1500 W;80 PLUS Platinum;Fully modular;ATX 3.1
Seasonic|PRIME TX-1000 1000W|299|1000 W;80 PLUS Titanium;Fully modular;ATX
Thermaltake|Toughpower GF3 1200W|199|1200 W;80 PLUS Gold;Fully modular;ATX 3.0
Corsair|SF750 750W SFX Platinum|169|750 W;80 PLUS Platinum;Fully modular;SFX" },
    LeafTable { slug: "pc-cases", name: "PC Cases", parent: "components", sku_prefix: "CAS",
        blurb: "A case with room for big graphics cards and plenty of airflow.",
        spec_keys: "Form factor;Motherboard support;Max GPU length;Included fans", axis: Some(COLOUR), lines: "
Lian Li|O11 Dynamic EVO|159|Mid tower;E-ATX, ATX, mATX, ITX;426 mm;None
NZXT|H5 Flow|94|Mid tower;ATX, mATX, ITX;365 mm;2
Fractal Design|North|139|Mid tower;ATX, mATX, ITX;355 mm;2
Corsair|4000D Airflow|104|Mid tower;ATX, mATX, ITX;360 mm;2
Phanteks|Eclipse G360A|99|Mid tower;ATX, mATX, ITX;400 mm;3
be quiet!|Pure Base 500DX|109|Mid tower;ATX, mATX, ITX;369 mm;3
Cooler Master|NR200P|99|Small form factor;Mini-ITX;330 mm;2
Fractal Design|Torrent|229|Mid tower;E-ATX, ATX, mATX, ITX;461 mm;5
Lian Li|LANCOOL 216|109|Mid tower;E-ATX, ATX, mATX, ITX;392 mm;3
HYTE|Y60|199|Mid tower;ATX, mATX, ITX;375 mm;3" },
    LeafTable { slug: "cpu-coolers", name: "CPU Coolers", parent: "components", sku_prefix: "CLR",
        blurb: "A processor cooler that stays quiet under load.",
        spec_keys: "Type;Fan size;Socket support;Noise", axis: None, lines: "
Noctua|NH-D15 chromax.black|119|Air tower;2x 140 mm;AM5, AM4, LGA1700;24.6 dBA
be quiet!|Dark Rock Pro 5|99|Air tower;120 + 135 mm;AM5, AM4, LGA1700;23.3 dBA
DeepCool|AK620 Digital|69|Air tower;2x 120 mm;AM5, AM4, LGA1700;28 dBA
Thermalright|Peerless Assassin 120 SE|39|Air tower;2x 120 mm;AM5, AM4, LGA1700;25.6 dBA
Arctic|Liquid Freezer III 360|114|Liquid AIO;3x 120 mm;AM5, AM4, LGA1700;22.5 dBA
Corsair|iCUE H150i Elite LCD XT|279|Liquid AIO;3x 120 mm;AM5, AM4, LGA1700;30 dBA
NZXT|Kraken Elite 360|279|Liquid AIO;3x 120 mm;AM5, AM4, LGA1700;30 dBA
Lian Li|Galahad II Trinity 240|129|Liquid AIO;2x 120 mm;AM5, AM4, LGA1700;29 dBA
Noctua|NH-L9a-AM5|54|Low profile;92 mm;AM5, AM4;23.6 dBA
Cooler Master|Hyper 212 Black Edition|39|Air tower;120 mm;AM5, AM4, LGA1700;26 dBA" },
    LeafTable { slug: "case-fans", name: "Case Fans", parent: "components", sku_prefix: "FAN",
        blurb: "Case fans for more airflow with less noise.",
        spec_keys: "Size;Speed;Airflow;Lighting", axis: None, lines: "
Noctua|NF-A12x25 PWM|32|120 mm;2000 rpm;60.1 CFM;None
Arctic|P12 PWM PST 5-pack|29|120 mm;1800 rpm;56.3 CFM;None
Lian Li|UNI FAN SL-INF 120 3-pack|89|120 mm;2100 rpm;61.3 CFM;ARGB
Corsair|iCUE LINK QX120 RGB 3-pack|149|120 mm;2400 rpm;63.1 CFM;RGB
be quiet!|Silent Wings 4 140mm PWM|27|140 mm;1100 rpm;58.6 CFM;None
Phanteks|T30-120|34|120 mm;3000 rpm;101.8 CFM;None
Noctua|NF-A14 PWM chromax.black|29|140 mm;1500 rpm;82.5 CFM;None
Cooler Master|SickleFlow 120 ARGB 3-pack|39|120 mm;1800 rpm;62 CFM;ARGB
Arctic|P14 PWM PST|9|140 mm;1700 rpm;72.8 CFM;None" },
    LeafTable { slug: "keyboards", name: "Keyboards", parent: "peripherals", sku_prefix: "KBD",
        blurb: "A gaming keyboard with durable keycaps and per-key lighting.",
        spec_keys: "Layout;Connection;Switch family;Backlight", axis: Some(SWITCHES), lines: "
Logitech|G915 TKL Wireless Mechanical Keyboard|229|Tenkeyless;LIGHTSPEED wireless, Bluetooth;Low-profile GL;RGB
Razer|BlackWidow V4 Pro Keyboard|229|Full size;USB-C wired;Razer mechanical;RGB
Corsair|K70 RGB PRO Mechanical Keyboard|159|Full size;USB wired;Cherry MX;RGB
SteelSeries|Apex Pro TKL Keyboard|189|Tenkeyless;USB-C wired;OmniPoint 2.0 adjustable;RGB
Keychron|Q1 Pro Wireless Custom Keyboard|199|75%;Bluetooth, USB-C;Gateron Jupiter;RGB
HyperX|Alloy Origins Core Keyboard|89|Tenkeyless;USB-C wired;HyperX mechanical;RGB
Ducky|One 3 SF Keyboard|119|65%;USB-C wired;Cherry MX;RGB
Wooting|60HE+ Analog Keyboard|174|60%;USB-C wired;Lekker magnetic;RGB
Logitech|MX Mechanical Mini Keyboard|149|75%;Bluetooth, Logi Bolt;Low-profile Kailh;White
ASUS|ROG Azoth Wireless Keyboard|249|75%;2.4 GHz, Bluetooth, USB-C;ROG NX;RGB
Cooler Master|CK550 V2 Keyboard|79|Full size;USB wired;Gateron;RGB" },
    LeafTable { slug: "mice", name: "Mice", parent: "peripherals", sku_prefix: "MSE",
        blurb: "A gaming mouse with a precise sensor and a light shell.",
        spec_keys: "Sensor;Max DPI;Weight;Connection", axis: Some(COLOUR), lines: "
Logitech|G PRO X SUPERLIGHT 2 Wireless Mouse|159|HERO 2;32000;60 g;LIGHTSPEED wireless
Razer|DeathAdder V3 Pro Wireless Mouse|149|Focus Pro 30K;30000;63 g;HyperSpeed wireless
Razer|Viper V3 Pro Wireless Mouse|159|Focus Pro 35K;35000;54 g;HyperSpeed wireless
SteelSeries|Aerox 5 Wireless Mouse|139|TrueMove Air;18000;74 g;Quantum 2.0, Bluetooth
Logitech|G502 X PLUS Wireless Mouse|159|HERO 25K;25600;106 g;LIGHTSPEED wireless
Zowie|EC2-C Gaming Mouse|69|3360;3200;73 g;USB wired
Glorious|Model O 2 Wireless Mouse|99|BAMF 2.0;26000;68 g;2.4 GHz, Bluetooth
Logitech|MX Master 3S Mouse|99|Darkfield 8K;8000;141 g;Bluetooth, Logi Bolt
Corsair|M75 Air Wireless Mouse|149|Marksman 26K;26000;60 g;SLIPSTREAM wireless
HyperX|Pulsefire Haste 2 Mouse|59|HyperX 26K;26000;53 g;USB wired
Pulsar|X2V2 Wireless Mouse|99|PAW3395;26000;52 g;2.4 GHz wireless" },
    LeafTable { slug: "headsets", name: "Headsets", parent: "peripherals", sku_prefix: "HST",
        blurb: "A gaming headset with clear positional audio and a clean microphone.",
        spec_keys: "Drivers;Connection;Microphone;Battery", axis: Some(COLOUR), lines: "
SteelSeries|Arctis Nova Pro Wireless Headset|349|40 mm neodymium;2.4 GHz, Bluetooth;Retractable ClearCast;Hot-swap batteries
Logitech|G PRO X 2 LIGHTSPEED Headset|249|50 mm graphene;LIGHTSPEED, Bluetooth, 3.5 mm;Detachable;50 h
HyperX|Cloud III Wireless Headset|169|53 mm angled;2.4 GHz;Detachable;120 h
Razer|BlackShark V2 Pro Headset|199|50 mm TriForce;HyperSpeed, Bluetooth;Detachable HyperClear;70 h
Corsair|HS80 RGB Wireless Headset|149|50 mm neodymium;SLIPSTREAM wireless;Flip-to-mute;20 h
Sennheiser|GSP 600 Headset|199|Closed dynamic;3.5 mm wired;Flip-to-mute;Wired
Audeze|Maxwell Wireless Headset|329|90 mm planar magnetic;2.4 GHz, Bluetooth;Detachable;80 h
HyperX|Cloud Alpha Headset|79|50 mm dual-chamber;3.5 mm wired;Detachable;Wired
Turtle Beach|Stealth 700 Gen 3 Headset|199|60 mm Eclipse;2.4 GHz, Bluetooth;Flip-to-mute;80 h
Astro|A50 X Headset|379|40 mm;2.4 GHz, HDMI, Bluetooth;Flip-to-mute;24 h" },
    LeafTable { slug: "mouse-pads", name: "Mouse Pads", parent: "peripherals", sku_prefix: "PAD",
        blurb: "A mouse pad with consistent glide and a grippy base.",
        spec_keys: "Surface;Base;Thickness;Edges",
        axis: Some(Axis { name: "Size", options: &[("Medium", 100), ("Large", 140), ("XL", 190)], min_dollars: 0 }), lines: "
SteelSeries|QcK Heavy Mouse Pad|19|Cloth;Rubber;6 mm;Stitched
Logitech|G640 Mouse Pad|29|Cloth;Rubber;3 mm;Standard
Razer|Gigantus V2 Mouse Pad|14|Cloth;Rubber;4 mm;Stitched
Artisan|Zero Soft Mouse Pad|54|Cloth;Poron;4 mm;Stitched
Corsair|MM700 RGB Extended Mouse Pad|59|Cloth;Rubber;4 mm;RGB
Glorious|Padded Mouse Pad|14|Cloth;Rubber;3 mm;Stitched
HyperX|Pulsefire Mat Mouse Pad|19|Cloth;Rubber;3 mm;Stitched
Zowie|G-SR-SE Mouse Pad|44|Cloth;Rubber;3.5 mm;Stitched
Cooler Master|MP511 Mouse Pad|19|Cordura;Rubber;3 mm;Stitched" },
    LeafTable { slug: "webcams", name: "Webcams", parent: "peripherals", sku_prefix: "CAM",
        blurb: "A webcam for calls and streams that look sharp in any light.",
        spec_keys: "Resolution;Frame rate;Field of view;Connection", axis: None, lines: "
Logitech|C920s Pro HD Webcam|69|1080p;30 fps;78°;USB-A
Logitech|Brio 4K Webcam|199|4K;30 fps;90°;USB-C
Razer|Kiyo Pro Webcam|129|1080p;60 fps;103°;USB 3.0
Elgato|Facecam MK.2|149|1080p;60 fps;84°;USB-C
Insta360|Link 2 4K AI Webcam|199|4K;30 fps;79.5°;USB-C
Anker|PowerConf C200 Webcam|59|2K;30 fps;95°;USB-C
OBSBOT|Tiny 2 PTZ Webcam|329|4K;30 fps;85.5°;USB-C
Microsoft|Modern Webcam|59|1080p;30 fps;78°;USB-A
Elgato|Facecam Pro 4K60|299|4K;60 fps;90°;USB-C" },
    LeafTable { slug: "microphones", name: "Microphones", parent: "peripherals", sku_prefix: "MIC",
        blurb: "A microphone for streaming, podcasts and crystal-clear voice chat.",
        spec_keys: "Type;Polar pattern;Connection;Sample rate", axis: None, lines: "
Shure|SM7B Vocal Microphone|399|Dynamic;Cardioid;XLR;Analog
Elgato|Wave:3 Microphone|149|Condenser;Cardioid;USB-C;48 kHz
HyperX|QuadCast S Microphone|159|Condenser;4 patterns;USB-C;48 kHz
Rode|PodMic USB|199|Dynamic;Cardioid;USB-C, XLR;48 kHz
Blue|Yeti Microphone|129|Condenser;4 patterns;USB;48 kHz
Audio-Technica|AT2020USB-X Microphone|149|Condenser;Cardioid;USB-C;96 kHz
Razer|Seiren V3 Chroma Microphone|129|Condenser;Supercardioid;USB-C;48 kHz
Shure|MV7+ Podcast Microphone|279|Dynamic;Cardioid;USB-C, XLR;48 kHz
Fifine|AmpliGame A8 Microphone|49|Condenser;Cardioid;USB-C;48 kHz
Rode|NT-USB Mini Microphone|99|Condenser;Cardioid;USB;48 kHz" },
    LeafTable { slug: "controllers", name: "Controllers & Wheels", parent: "peripherals", sku_prefix: "CTL",
        blurb: "A controller or wheel for console and PC gaming.",
        spec_keys: "Platform;Connection;Battery;Extras", axis: None, lines: "
Sony|DualSense Wireless Controller|69|PS5, PC;Bluetooth, USB-C;About 6 h;Haptics, adaptive triggers
Sony|DualSense Edge Wireless Controller|199|PS5, PC;Bluetooth, USB-C;About 5 h;Back buttons, swappable sticks
Microsoft|Xbox Wireless Controller|59|Xbox Series X/S, PC;Xbox Wireless, Bluetooth;AA batteries;Share button
Microsoft|Xbox Elite Wireless Controller Series 2|179|Xbox Series X/S, PC;Xbox Wireless, Bluetooth;40 h;Paddles, adjustable tension
Nintendo|Switch Pro Controller|69|Nintendo Switch;Bluetooth;40 h;HD rumble, amiibo
8BitDo|Ultimate Bluetooth Controller|69|Switch, PC;Bluetooth, 2.4 GHz;22 h;Charging dock
Razer|Wolverine V2 Pro Controller|249|PS5, PC;2.4 GHz wireless;28 h;Mecha-tactile buttons
PowerA|Enhanced Wired Controller for Xbox|34|Xbox Series X/S, PC;USB-C wired;Wired;Mappable buttons
Thrustmaster|T248 Racing Wheel|349|PS5, PS4, PC;USB;Wired;Force feedback, pedals
Logitech|G29 Driving Force Racing Wheel|299|PS5, PS4, PC;USB;Wired;Force feedback, pedals
Turtle Beach|Stealth Ultra Controller|199|Xbox Series X/S, PC;2.4 GHz, Bluetooth;30 h;Display, charging dock" },
    LeafTable { slug: "gaming-monitors", name: "Gaming Monitors", parent: "monitors", sku_prefix: "GMN",
        blurb: "A high-refresh gaming monitor with low input lag.",
        spec_keys: "Size;Resolution;Refresh rate;Panel", axis: None, lines: "
ASUS|ROG Swift PG27AQDM OLED Monitor|899|27-inch;2560x1440;240 Hz;OLED
LG|UltraGear 27GR95QE-B OLED Monitor|799|27-inch;2560x1440;240 Hz;OLED
Samsung|Odyssey G7 32-inch Monitor|599|32-inch;3840x2160;144 Hz;IPS
Dell|Alienware AW3423DWF QD-OLED Monitor|899|34-inch ultrawide;3440x1440;165 Hz;QD-OLED
MSI|MAG 274QRF-QD Monitor|299|27-inch;2560x1440;180 Hz;Rapid IPS
Gigabyte|M27Q X Monitor|349|27-inch;2560x1440;240 Hz;IPS
AOC|24G2SP Monitor|149|24-inch;1920x1080;165 Hz;IPS
BenQ|ZOWIE XL2546X Monitor|599|24.5-inch;1920x1080;240 Hz;TN
Samsung|Odyssey OLED G9 49-inch Monitor|1599|49-inch super ultrawide;5120x1440;240 Hz;QD-OLED
LG|UltraGear 32GS95UE OLED Monitor|1399|32-inch;3840x2160;240 Hz;OLED
ViewSonic|VX2728J-2K Monitor|219|27-inch;2560x1440;180 Hz;IPS
Acer|Nitro XV275K P3 Monitor|599|27-inch;3840x2160;160 Hz;Mini LED IPS" },
    LeafTable { slug: "office-monitors", name: "Office Monitors", parent: "monitors", sku_prefix: "OMN",
        blurb: "A sharp, comfortable monitor for work, with USB-C where it counts.",
        spec_keys: "Size;Resolution;Panel;Ports", axis: None, lines: "
Dell|UltraSharp U2723QE Monitor|579|27-inch;3840x2160;IPS Black;USB-C 90 W, HDMI, DP
LG|27UP850N-W Monitor|399|27-inch;3840x2160;IPS;USB-C 96 W, HDMI, DP
BenQ|PD2705U Designer Monitor|449|27-inch;3840x2160;IPS;USB-C 65 W, HDMI, DP
ASUS|ProArt PA278QV Monitor|299|27-inch;2560x1440;IPS;HDMI, DP, DVI
Samsung|ViewFinity S8 Monitor|399|27-inch;3840x2160;IPS;USB-C 90 W, HDMI, DP
HP|E24 G5 Monitor|219|23.8-inch;1920x1080;IPS;HDMI, DP, USB hub
Philips|276E8VJSB Monitor|249|27-inch;3840x2160;IPS;HDMI, DP
Lenovo|ThinkVision T27h-30 Monitor|349|27-inch;2560x1440;IPS;USB-C 75 W, HDMI, DP
Dell|P2425H Monitor|199|23.8-inch;1920x1080;IPS;HDMI, DP, VGA
Apple|Studio Display|1599|27-inch;5120x2880;IPS;Thunderbolt 3" },
    LeafTable { slug: "portable-monitors", name: "Portable Monitors", parent: "monitors", sku_prefix: "PMN",
        blurb: "A slim second screen powered over a single USB-C cable.",
        spec_keys: "Size;Resolution;Connection;Weight", axis: None, lines: "
ASUS|ZenScreen MB16ACV Portable Monitor|199|15.6-inch;1920x1080;USB-C;0.9 kg
ASUS|ROG Strix XG16AHP Portable Monitor|349|15.6-inch;1920x1080 144 Hz;USB-C, micro-HDMI;1.0 kg
Lenovo|ThinkVision M14d Portable Monitor|279|14-inch;2240x1400;USB-C;0.6 kg
ARZOPA|A1 Gamut Slim Portable Monitor|99|15.6-inch;1920x1080;USB-C, mini-HDMI;0.7 kg
UPERFECT|UStation Delta Max Portable Monitor|329|17.3-inch;2560x1440 144 Hz;USB-C, HDMI;1.2 kg
MSI|PRO MP161 E2 Portable Monitor|139|15.6-inch;1920x1080;USB-C, mini-HDMI;0.8 kg
ViewSonic|VX1655 Portable Monitor|189|15.6-inch;1920x1080;USB-C, mini-HDMI;0.9 kg
Dell|C1422H Portable Monitor|299|14-inch;1920x1080;USB-C;0.6 kg
Espresso|Display 15 Touch Portable Monitor|399|15.6-inch;1920x1080 touch;USB-C;0.9 kg" },
    LeafTable { slug: "gaming-laptops", name: "Gaming Laptops", parent: "laptops", sku_prefix: "GLT",
        blurb: "A gaming laptop with a discrete GPU and a fast display.",
        spec_keys: "Processor;Graphics;Display;Weight",
        axis: Some(Axis { name: "Configuration", options: &[("16 GB / 1 TB", 100), ("32 GB / 2 TB", 118)], min_dollars: 0 }), lines: "
ASUS|ROG Zephyrus G14 2024 Gaming Laptop|1599|AMD Ryzen 9 8945HS;NVIDIA GeForce RTX 4060 Laptop;14-inch 3K OLED 120 Hz;1.5 kg
Lenovo|Legion Pro 5 Gen 9 Gaming Laptop|1449|Intel Core i7-14650HX;NVIDIA GeForce RTX 4070 Laptop;16-inch 2.5K 240 Hz;2.5 kg
MSI|Katana 15 Gaming Laptop|999|Intel Core i7-13620H;NVIDIA GeForce RTX 4060 Laptop;15.6-inch FHD 144 Hz;2.3 kg
Razer|Blade 16 Gaming Laptop|2999|Intel Core i9-14900HX;NVIDIA GeForce RTX 4080 Laptop;16-inch QHD+ OLED 240 Hz;2.5 kg
Acer|Nitro V 15 Gaming Laptop|799|Intel Core i5-13420H;NVIDIA GeForce RTX 4050 Laptop;15.6-inch FHD 144 Hz;2.1 kg
HP|OMEN Transcend 14 Gaming Laptop|1499|Intel Core Ultra 7 155H;NVIDIA GeForce RTX 4060 Laptop;14-inch 2.8K OLED 120 Hz;1.6 kg
Alienware|m18 R2 Gaming Laptop|2499|Intel Core i9-14900HX;NVIDIA GeForce RTX 4080 Laptop;18-inch QHD+ 165 Hz;4.0 kg
Gigabyte|AORUS 16X Gaming Laptop|1699|Intel Core i9-14900HX;NVIDIA GeForce RTX 4070 Laptop;16-inch QHD+ 165 Hz;2.3 kg
ASUS|TUF Gaming A15 Gaming Laptop|1099|AMD Ryzen 7 7735HS;NVIDIA GeForce RTX 4060 Laptop;15.6-inch FHD 144 Hz;2.2 kg
Lenovo|LOQ 15 Gaming Laptop|899|AMD Ryzen 7 7435HS;NVIDIA GeForce RTX 4060 Laptop;15.6-inch FHD 144 Hz;2.4 kg" },
    LeafTable { slug: "ultrabooks", name: "Ultrabooks", parent: "laptops", sku_prefix: "ULT",
        blurb: "A thin and light laptop with all-day battery life.",
        spec_keys: "Processor;Display;Battery;Weight",
        axis: Some(Axis { name: "Configuration", options: &[("16 GB / 512 GB", 100), ("32 GB / 1 TB", 125)], min_dollars: 0 }), lines: "
Apple|MacBook Air 13 M3|1099|Apple M3;13.6-inch Liquid Retina;18 h;1.24 kg
Apple|MacBook Pro 14 M4 Pro|1999|Apple M4 Pro;14.2-inch Liquid Retina XDR;22 h;1.6 kg
Dell|XPS 13 9340|1299|Intel Core Ultra 7 155H;13.4-inch FHD+;14 h;1.19 kg
Lenovo|ThinkPad X1 Carbon Gen 12|1699|Intel Core Ultra 7 155U;14-inch 2.8K OLED;15 h;1.09 kg
HP|Spectre x360 14|1449|Intel Core Ultra 7 155H;14-inch 2.8K OLED touch;13 h;1.44 kg
ASUS|Zenbook 14 OLED|999|Intel Core Ultra 5 125H;14-inch 3K OLED;15 h;1.2 kg
Microsoft|Surface Laptop 7 13.8-inch|1199|Snapdragon X Plus;13.8-inch PixelSense;20 h;1.34 kg
Samsung|Galaxy Book4 Pro 14|1449|Intel Core Ultra 7 155H;14-inch 3K AMOLED;21 h;1.23 kg
Acer|Swift Go 14|799|Intel Core Ultra 5 125H;14-inch 2.8K OLED;12 h;1.3 kg
LG|gram 16|1399|Intel Core Ultra 7 155H;16-inch WQXGA IPS;24 h;1.2 kg" },
    LeafTable { slug: "playstation", name: "PlayStation", parent: "consoles", sku_prefix: "PSN",
        blurb: "PlayStation hardware and official accessories.",
        spec_keys: "Storage;Output;Includes;Type", axis: None, lines: "
Sony|PlayStation 5 Slim Console|499|1 TB SSD;Up to 4K 120 Hz;DualSense controller;Console
Sony|PlayStation 5 Slim Digital Edition|449|1 TB SSD;Up to 4K 120 Hz;DualSense controller;Console
Sony|PlayStation 5 Pro Console|699|2 TB SSD;Up to 8K;DualSense controller;Console
Sony|PlayStation Portal Remote Player|199|-;8-inch 1080p screen;Remote play;Handheld
Sony|PlayStation VR2|349|-;2000x2040 OLED per eye;Sense controllers;VR headset
Sony|DualSense Charging Station|29|-;-;Dual charger;Accessory
Sony|PULSE 3D Wireless Headset|99|-;-;USB adapter;Accessory
Sony|PS5 Console Covers Cobalt Blue|54|-;-;Replacement covers;Accessory
Sony|PS5 Media Remote|29|-;-;Remote;Accessory
Seagate|Game Drive for PS5 2TB NVMe SSD|159|2 TB SSD;-;Heatsink;Storage" },
    LeafTable { slug: "xbox", name: "Xbox", parent: "consoles", sku_prefix: "XBC",
        blurb: "Xbox consoles, storage and accessories.",
        spec_keys: "Storage;Output;Includes;Type", axis: None, lines: "
Microsoft|Xbox Series X Console|499|1 TB SSD;Up to 4K 120 Hz;Wireless controller;Console
Microsoft|Xbox Series S Console 512GB|299|512 GB SSD;Up to 1440p 120 Hz;Wireless controller;Console
Microsoft|Xbox Series X Digital Edition|449|1 TB SSD;Up to 4K 120 Hz;Wireless controller;Console
Microsoft|Xbox Series S 1TB Carbon Black|349|1 TB SSD;Up to 1440p 120 Hz;Wireless controller;Console
Seagate|Storage Expansion Card for Xbox 1TB|149|1 TB;-;Plug-in card;Storage
Microsoft|Xbox Rechargeable Battery and USB-C Cable|24|-;-;Battery pack;Accessory
Microsoft|Xbox Wireless Headset|99|-;-;Bluetooth, Xbox Wireless;Accessory
PDP|Victrix Gambit Xbox Controller|179|-;-;Swappable modules;Accessory
Turtle Beach|Recon 500 Headset for Xbox|79|-;-;3.5 mm;Accessory
Microsoft|Xbox Adaptive Controller|99|-;-;Accessible design;Accessory" },
    LeafTable { slug: "nintendo", name: "Nintendo", parent: "consoles", sku_prefix: "NTD",
        blurb: "Nintendo consoles, controllers and accessories.",
        spec_keys: "Storage;Screen;Includes;Type", axis: None, lines: "
Nintendo|Switch OLED Model Console|349|64 GB;7-inch OLED 720p;Joy-Con, dock;Hybrid console
Nintendo|Switch Lite Console|199|32 GB;5.5-inch LCD 720p;Built-in controls;Handheld
Nintendo|Switch 2 Console|449|256 GB;7.9-inch LCD 1080p 120 Hz;Joy-Con 2, dock;Hybrid console
Nintendo|Joy-Con Pair Neon Red and Blue|79|-;-;Two Joy-Con;Accessory
Nintendo|Switch 2 Pro Controller|84|-;-;Wireless controller;Accessory
SanDisk|microSDXC 512GB for Nintendo Switch|59|512 GB;-;microSD card;Storage
Nintendo|Switch Dock Set|89|-;-;Dock, HDMI, power;Accessory
HORI|Split Pad Pro|49|-;-;Handheld-mode controller;Accessory
Nintendo|Ring Fit Adventure|79|-;-;Ring-Con, leg strap;Accessory
PowerA|Carrying Case for Switch|24|-;-;Protective case;Accessory" },
    LeafTable { slug: "gaming-chairs", name: "Gaming Chairs", parent: "chairs-desks", sku_prefix: "CHR",
        blurb: "A supportive chair for long gaming and working sessions.",
        spec_keys: "Material;Max load;Recline;Armrests",
        axis: Some(Axis { name: "Colour", options: &[("Black", 100), ("Grey", 100), ("White", 105)], min_dollars: 0 }), lines: "
Secretlab|TITAN Evo Gaming Chair|549|NEO Hybrid Leatherette;130 kg;165°;4D
Herman Miller|Vantum Gaming Chair|845|Knit and foam;136 kg;Tilt;3D
Corsair|TC200 Gaming Chair|299|Soft fabric;120 kg;160°;4D
noblechairs|HERO Gaming Chair|469|PU leather;150 kg;135°;4D
AndaSeat|Kaiser 4 Gaming Chair|499|PVC leather;200 kg;165°;5D
Razer|Iskur V2 Gaming Chair|649|EPU leather;136 kg;152°;6D
DXRacer|Formula Series Gaming Chair|329|PU leather;113 kg;135°;3D
Steelcase|Gesture Office Chair|1499|Fabric;180 kg;Tilt;360°
AKRacing|Core EX Gaming Chair|279|PU leather;150 kg;180°;3D
Cougar|Armor One Gaming Chair|179|PVC leather;120 kg;180°;2D
Herman Miller|Embody Gaming Chair|1795|Fabric and foam;136 kg;Tilt;Adjustable" },
    LeafTable { slug: "desks", name: "Desks", parent: "chairs-desks", sku_prefix: "DSK",
        blurb: "A sturdy desk with room for big monitors.",
        spec_keys: "Height;Frame;Top;Max load",
        axis: Some(Axis { name: "Width", options: &[("120 cm", 100), ("140 cm", 115), ("160 cm", 130)], min_dollars: 0 }), lines: "
FlexiSpot|E7 Pro Standing Desk|499|60 to 125 cm;Dual motor steel;Bamboo;160 kg
Secretlab|MAGNUS Pro Metal Desk|799|65 to 130 cm;Motorised steel;Steel with magnetic mat;100 kg
Arozzi|Arena Gaming Desk|299|Fixed 72 cm;Steel;MDF with full mat;60 kg
Uplift|V2 Standing Desk|599|64 to 129 cm;Dual motor steel;Laminate;160 kg
Eureka Ergonomic|I1 Gaming Desk|199|Fixed 75 cm;Steel;Carbon fibre texture;80 kg
Cougar|Mars 120 Gaming Desk|349|Fixed 75 cm;Steel;MDF with RGB;100 kg
Corsair|Platform 6 Elevate Desk|999|60 to 125 cm;Aluminium;Wood veneer;90 kg
Autonomous|SmartDesk Core|449|74 to 124 cm;Dual motor;Laminate;140 kg
Vari|Electric Standing Desk|645|64 to 127 cm;Steel;Laminate;90 kg
SHW|L-Shaped Corner Desk|159|Fixed 75 cm;Steel;Laminate;70 kg" },
    LeafTable { slug: "routers", name: "Routers", parent: "networking", sku_prefix: "RTR",
        blurb: "A router with low latency for games and strong Wi-Fi everywhere.",
        spec_keys: "Wi-Fi standard;Speed class;Ports;Coverage", axis: None, lines: "
ASUS|ROG Rapture GT-BE98 Wi-Fi 7 Router|699|Wi-Fi 7;BE25000;10 GbE x2, 2.5 GbE x1;Large home
TP-Link|Archer AXE75 Wi-Fi 6E Router|179|Wi-Fi 6E;AXE5400;Gigabit x4;Large home
Netgear|Nighthawk RS700S Wi-Fi 7 Router|599|Wi-Fi 7;BE19000;10 GbE x2, Gigabit x4;Large home
TP-Link|Archer BE550 Wi-Fi 7 Router|299|Wi-Fi 7;BE9300;2.5 GbE x5;Large home
ASUS|RT-AX86U Pro Gaming Router|249|Wi-Fi 6;AX5700;2.5 GbE x1, Gigabit x5;Medium home
Netgear|Nighthawk RAX54S Router|179|Wi-Fi 6;AX5400;Gigabit x4;Medium home
Linksys|Hydra Pro 6E Router|299|Wi-Fi 6E;AXE6600;5 GbE x1, Gigabit x4;Large home
GL.iNet|Flint 2 GL-MT6000 Router|149|Wi-Fi 6;AX6000;2.5 GbE x2, Gigabit x4;Medium home
Ubiquiti|UniFi Dream Router 7|279|Wi-Fi 7;BE7000;2.5 GbE x2, Gigabit x4;Medium home
TP-Link|Archer AX55 Router|89|Wi-Fi 6;AX3000;Gigabit x4;Small home" },
    LeafTable { slug: "mesh-wifi", name: "Mesh Wi-Fi", parent: "networking", sku_prefix: "MSH",
        blurb: "A mesh Wi-Fi system that covers the whole home.",
        spec_keys: "Wi-Fi standard;Speed class;Coverage;Backhaul",
        axis: Some(Axis { name: "Pack", options: &[("2-pack", 100), ("3-pack", 140)], min_dollars: 0 }), lines: "
TP-Link|Deco BE85 Wi-Fi 7 Mesh System|999|Wi-Fi 7;BE22000;Up to 9,600 sq ft;10 GbE
Eero|Pro 7 Mesh System|599|Wi-Fi 7;BE15000;Up to 6,000 sq ft;5 GHz and 6 GHz
Netgear|Orbi 970 Wi-Fi 7 Mesh System|1699|Wi-Fi 7;BE27000;Up to 10,000 sq ft;Quad-band
Google|Nest Wifi Pro 6E Mesh System|299|Wi-Fi 6E;AXE5400;Up to 4,400 sq ft;6 GHz
ASUS|ZenWiFi BQ16 Pro Mesh System|1299|Wi-Fi 7;BE30000;Up to 8,000 sq ft;Quad-band
TP-Link|Deco X55 Mesh System|179|Wi-Fi 6;AX3000;Up to 6,500 sq ft;5 GHz
Linksys|Velop Pro 7 Mesh System|699|Wi-Fi 7;BE11000;Up to 6,000 sq ft;Tri-band
Eero|6+ Mesh System|299|Wi-Fi 6;AX3000;Up to 4,500 sq ft;5 GHz
ASUS|ZenWiFi XT9 Mesh System|449|Wi-Fi 6;AX7800;Up to 5,700 sq ft;Tri-band
Netgear|Orbi RBK763S Mesh System|549|Wi-Fi 6;AX5400;Up to 7,500 sq ft;Tri-band" },
    LeafTable { slug: "network-switches", name: "Network Switches", parent: "networking", sku_prefix: "SWT",
        blurb: "A network switch for more wired ports at full speed.",
        spec_keys: "Ports;Speed;Management;PoE", axis: None, lines: "
TP-Link|TL-SG108 8-Port Gigabit Switch|19|8;1 Gbps;Unmanaged;No
Netgear|GS308E 8-Port Smart Switch|34|8;1 Gbps;Smart managed;No
TP-Link|TL-SG1016PE 16-Port PoE+ Switch|169|16;1 Gbps;Easy smart;8 PoE+ ports
Ubiquiti|UniFi Switch Lite 16 PoE|199|16;1 Gbps;Managed;8 PoE+ ports
Netgear|MS305 5-Port 2.5G Switch|119|5;2.5 Gbps;Unmanaged;No
QNAP|QSW-2104-2T 10GbE Switch|199|6;10 and 2.5 Gbps;Unmanaged;No
MikroTik|CRS305-1G-4S+IN Switch|149|5;10 Gbps SFP+;Managed;PoE-in
TRENDnet|TEG-S380 8-Port 2.5G Switch|159|8;2.5 Gbps;Unmanaged;No
Zyxel|XMG1915-10E 2.5G Smart Switch|229|10;2.5 Gbps;Smart managed;No
TP-Link|TL-SX105 5-Port 10G Switch|249|5;10 Gbps;Unmanaged;No" },
    LeafTable { slug: "network-adapters", name: "Network Adapters", parent: "networking", sku_prefix: "NIC",
        blurb: "A network adapter to bring a PC up to current Wi-Fi or wired speeds.",
        spec_keys: "Interface;Standard;Speed;Antennas", axis: None, lines: "
TP-Link|Archer TXE75E Wi-Fi 6E PCIe Adapter|59|PCIe;Wi-Fi 6E, Bluetooth 5.3;5400 Mbps;2 external
ASUS|PCE-BE92BT Wi-Fi 7 PCIe Adapter|99|PCIe;Wi-Fi 7, Bluetooth 5.4;9200 Mbps;2 external
Intel|AX210 Wi-Fi 6E M.2 Card|24|M.2;Wi-Fi 6E, Bluetooth 5.3;2400 Mbps;Internal
TP-Link|Archer TX20U Plus USB Adapter|39|USB 3.0;Wi-Fi 6;1800 Mbps;2 external
Netgear|Nighthawk A8000 USB Adapter|79|USB 3.0;Wi-Fi 6E;3000 Mbps;Internal
StarTech|2.5GbE PCIe Network Card|39|PCIe;2.5GBASE-T;2.5 Gbps;None
ASUS|XG-C100C 10G PCIe Network Card|99|PCIe;10GBASE-T;10 Gbps;None
Cable Matters|USB-C to 2.5G Ethernet Adapter|29|USB-C;2.5GBASE-T;2.5 Gbps;None
UGREEN|USB 3.0 Gigabit Ethernet Adapter|14|USB 3.0;1000BASE-T;1 Gbps;None
Edimax|EW-7811UTC Wi-Fi 5 USB Adapter|19|USB 2.0;Wi-Fi 5;600 Mbps;Internal" },
    LeafTable { slug: "capture-cards", name: "Capture Cards", parent: "streaming", sku_prefix: "CAP",
        blurb: "A capture card to record and stream console or PC gameplay.",
        spec_keys: "Max input;Passthrough;Connection;Form", axis: None, lines: "
Elgato|4K X Capture Card|199|4K 144 Hz;4K 240 Hz;USB-C 3.2;External
Elgato|HD60 X Capture Card|149|4K 30 Hz;4K 60 Hz HDR;USB-C;External
AVerMedia|Live Gamer 4K 2.1 Capture Card|249|4K 60 Hz HDR;4K 144 Hz;PCIe;Internal
Elgato|4K Pro Capture Card|279|8K 60 Hz;4K 240 Hz;PCIe;Internal
AVerMedia|Live Gamer Mini Capture Card|89|1080p 60 Hz;1080p 60 Hz;USB;External
Razer|Ripsaw X Capture Card|129|4K 30 Hz;4K 60 Hz;USB-C;External
Magewell|USB Capture HDMI 4K Plus|349|4K 60 Hz;4K 60 Hz;USB 3.0;External
Genki|ShadowCast 2 Capture Card|49|1080p 60 Hz;-;USB-C;External
Blackmagic Design|DeckLink Mini Recorder 4K|199|4K 30 Hz;-;PCIe;Internal" },
    LeafTable { slug: "lighting", name: "Lighting", parent: "streaming", sku_prefix: "LGT",
        blurb: "Lighting for a clean, even look on camera.",
        spec_keys: "Type;Brightness;Colour temperature;Control", axis: None, lines: "
Elgato|Key Light|199|Panel;2800 lumens;2900 to 7000 K;Wi-Fi app
Elgato|Key Light Air|129|Panel;1400 lumens;2900 to 7000 K;Wi-Fi app
Logitech|Litra Glow|59|Monitor light;250 lumens;2700 to 6500 K;USB
Razer|Key Light Chroma|299|Panel;2800 lumens;3000 to 7000 K;Wi-Fi app
Neewer|660 LED Panel Kit 2-pack|129|Panel;3300 lux;3200 to 5600 K;Dials
Govee|Glide Hexa Light Panels|179|Wall panels;RGBIC;-;Wi-Fi app
Nanoleaf|Shapes Hexagons Starter Kit|199|Wall panels;RGB;1200 to 6500 K;Wi-Fi app
Philips Hue|Play Light Bar 2-pack|129|Light bar;RGB;2000 to 6500 K;Hue Bridge
BenQ|ScreenBar Halo Monitor Light|179|Monitor light;500 lux;2700 to 6500 K;Wireless dial
Elgato|Ring Light|199|Ring;2500 lumens;2900 to 7000 K;Wi-Fi app" },
];
