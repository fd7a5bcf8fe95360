//! Demo catalog tables for the small things a PC store sells beside the big ones: speakers,
//! docks, thermal paste and external storage. None has variants.

use super::LeafTable;

pub const ACCESSORIES: &[LeafTable] = &[
    LeafTable {
        slug: "speakers",
        name: "Speakers",
        parent: "peripherals",
        sku_prefix: "SPK",
        blurb: "Desktop speakers with clear highs and a solid low end.",
        spec_keys: "Type;Power;Connection;Inputs",
        axis: None,
        lines: "
Logitech|Z407 Bluetooth Speakers|79|2.1 with subwoofer;80 W peak;Bluetooth, USB;3.5 mm, USB
Logitech|G560 LIGHTSYNC Gaming Speakers|199|2.1 with subwoofer;240 W peak;Bluetooth, USB;USB, 3.5 mm
Logitech|Z313 Speakers|49|2.1 with subwoofer;50 W peak;Wired;3.5 mm
Creative|Pebble V3 Speakers|39|2.0;16 W peak;Bluetooth, USB-C;USB-C, 3.5 mm
Creative|Pebble Plus Speakers|49|2.1 with subwoofer;16 W RMS;Wired;3.5 mm
Creative|Sound Blaster GS5 Soundbar|99|Soundbar;60 W peak;Bluetooth, USB;USB, 3.5 mm
Edifier|R1280T Bookshelf Speakers|119|2.0 bookshelf;42 W RMS;Wired;2x RCA
Edifier|R1280DBs Bookshelf Speakers|169|2.0 bookshelf;42 W RMS;Bluetooth;RCA, optical, coaxial
Edifier|MR4 Studio Monitors|129|2.0 studio monitor;42 W RMS;Wired;TRS, RCA, 3.5 mm
Edifier|G2000 Gaming Speakers|119|2.0;32 W RMS;Bluetooth, USB;USB, 3.5 mm
Audioengine|A2+ Wireless Speakers|269|2.0;60 W peak;Bluetooth, USB;USB, 3.5 mm, RCA
Audioengine|A5+ Wireless Speakers|499|2.0 bookshelf;150 W peak;Bluetooth;RCA, 3.5 mm
Kanto|YU4 Powered Speakers|399|2.0 bookshelf;140 W peak;Bluetooth;Optical, RCA, phono
PreSonus|Eris 3.5 Studio Monitors|99|2.0 studio monitor;50 W;Wired;TRS, RCA, 3.5 mm
KRK|Rokit 5 G4 Studio Monitor|199|Single studio monitor;55 W;Wired;XLR, TRS
Bose|Companion 2 Series III Speakers|119|2.0;-;Wired;2x 3.5 mm
Klipsch|ProMedia 2.1 THX Speakers|159|2.1 with subwoofer;200 W peak;Wired;3.5 mm
Harman Kardon|SoundSticks 4 Speakers|299|2.1 with subwoofer;140 W;Bluetooth;3.5 mm
SteelSeries|Arena 3 Speakers|129|2.0;20 W RMS;Bluetooth;3.5 mm
SteelSeries|Arena 7 Speakers|299|2.1 with subwoofer;100 W RMS;Bluetooth, USB;USB, optical, 3.5 mm
Cyber Acoustics|CA-3602 Speakers|39|2.1 with subwoofer;30 W peak;Wired;3.5 mm
Razer|Leviathan V2 X Soundbar|99|Soundbar;-;Bluetooth, USB-C;USB-C
Razer|Nommo V2 X Speakers|129|2.0;-;Bluetooth, USB;USB",
    },
    LeafTable {
        slug: "docks-hubs",
        name: "Docks & Hubs",
        parent: "peripherals",
        sku_prefix: "DCK",
        blurb: "A dock or hub that adds ports, charging and displays over one cable.",
        spec_keys: "Host connection;Displays;Power delivery;Ports",
        axis: None,
        lines: "
CalDigit|TS4 Thunderbolt 4 Dock|399|Thunderbolt 4;Up to 2x 6K;98 W;18 ports
CalDigit|Element Hub|199|Thunderbolt 4;Up to 2x 4K;60 W;8 ports
Anker|PowerExpand 13-in-1 USB-C Dock|249|USB-C;Up to 3;85 W;13 ports
Anker|555 USB-C Hub 8-in-1|49|USB-C;1x 4K;85 W;8 ports
Anker|341 USB-C Hub 7-in-1|29|USB-C;1x 4K;85 W;7 ports
Plugable|UD-ULTC4K Triple Display Dock|229|USB-C, USB-A;Up to 3;100 W;15 ports
Plugable|TBT4-UDZ Thunderbolt 4 Dock|299|Thunderbolt 4;Up to 2x 4K;100 W;16 ports
Belkin|Connect Pro Thunderbolt 4 Dock|329|Thunderbolt 4;Up to 2x 4K;90 W;12 ports
Belkin|USB-C 4-in-1 Multiport Adapter|39|USB-C;1x 4K;100 W;4 ports
Dell|WD22TB4 Thunderbolt Dock|279|Thunderbolt 4;Up to 4;130 W;11 ports
Lenovo|ThinkPad Universal USB-C Dock|219|USB-C;Up to 3;90 W;10 ports
Satechi|USB-C Multiport Pro Adapter V2|79|USB-C;1x 4K;100 W;8 ports
Satechi|Thunderbolt 4 Slim Hub Pro|199|Thunderbolt 4;Up to 2x 4K;Pass-through;5 ports
UGREEN|Revodok 105 USB-C Hub|19|USB-C;1x 4K;100 W;5 ports
UGREEN|Revodok Pro 210 Docking Station|99|USB-C;Up to 2x 4K;100 W;10 ports
Kensington|SD5700T Thunderbolt 4 Dock|289|Thunderbolt 4;Up to 2x 4K;90 W;11 ports
Sabrent|7-Port USB 3.0 Hub with Switches|29|USB-A;None;None;7 ports
TP-Link|UH700 7-Port USB 3.0 Hub|34|USB-A;None;None;7 ports
OWC|Thunderbolt Go Dock|299|Thunderbolt 4;Up to 2x 4K;90 W;11 ports
Baseus|Spacemate 11-in-1 Dock|79|USB-C;Up to 3;100 W;11 ports
StarTech|USB-C Travel Dock|59|USB-C;1x 4K;100 W;6 ports
j5create|JCD612 USB-C Hub|49|USB-C;1x 4K;100 W;7 ports",
    },
    LeafTable {
        slug: "thermal-paste",
        name: "Thermal Paste",
        parent: "components",
        sku_prefix: "TIM",
        blurb: "Thermal compound that carries heat from the processor to its cooler.",
        spec_keys: "Type;Conductivity;Amount;Electrically conductive",
        axis: None,
        lines: "
Arctic|MX-4 Thermal Paste 4 g|7|Paste;8.5 W/mK;4 g;No
Arctic|MX-4 Thermal Paste 20 g|19|Paste;8.5 W/mK;20 g;No
Arctic|MX-6 Thermal Paste 4 g|9|Paste;-;4 g;No
Arctic|MX-6 Thermal Paste 8 g|14|Paste;-;8 g;No
Arctic|Thermal Pad 145 x 145 mm|14|Thermal pad;6 W/mK;145 x 145 mm;No
Noctua|NT-H1 Thermal Paste 3.5 g|9|Paste;-;3.5 g;No
Noctua|NT-H2 Thermal Paste 3.5 g|14|Paste;-;3.5 g;No
Noctua|NT-H2 Thermal Paste 10 g|29|Paste;-;10 g;No
Thermal Grizzly|Kryonaut Thermal Paste 1 g|12|Paste;12.5 W/mK;1 g;No
Thermal Grizzly|Kryonaut Extreme Thermal Paste 2 g|24|Paste;14.2 W/mK;2 g;No
Thermal Grizzly|Duronaut Thermal Paste 2 g|19|Paste;-;2 g;No
Thermal Grizzly|Conductonaut Liquid Metal 1 g|15|Liquid metal;73 W/mK;1 g;Yes
Thermal Grizzly|KryoSheet 33 x 33 mm|24|Graphene pad;-;33 x 33 mm;Yes
Corsair|XTM70 Thermal Paste|14|Paste;-;3 g;No
Corsair|XTM50 Thermal Paste|9|Paste;5 W/mK;5 g;No
Cooler Master|MasterGel Maker Thermal Paste|12|Paste;11 W/mK;1.5 ml;No
Cooler Master|CryoFuze Thermal Paste|9|Paste;12.6 W/mK;0.7 ml;No
Gelid|GC-Extreme Thermal Paste|12|Paste;8.5 W/mK;3.5 g;No
Kingpin Cooling|KPx Thermal Paste|14|Paste;-;1.5 g;No
be quiet!|DC2 Pro Thermal Paste|9|Paste;7.5 W/mK;3 g;No
Thermalright|TF7 Thermal Paste|9|Paste;12.8 W/mK;2 g;No
Honeywell|PTM7950 Phase-Change Pad|19|Phase-change pad;8.5 W/mK;40 x 40 mm;No",
    },
    LeafTable {
        slug: "external-storage",
        name: "External Storage",
        parent: "components",
        sku_prefix: "EXT",
        blurb: "A portable drive or flash drive for backups, games and files on the move.",
        spec_keys: "Type;Capacity;Interface;Read speed",
        axis: None,
        lines: "
Samsung|T7 Shield 1 TB Portable SSD|89|Portable SSD;1 TB;USB 3.2 Gen 2;1050 MB/s
Samsung|T7 Shield 2 TB Portable SSD|149|Portable SSD;2 TB;USB 3.2 Gen 2;1050 MB/s
Samsung|T9 2 TB Portable SSD|199|Portable SSD;2 TB;USB 3.2 Gen 2x2;2000 MB/s
SanDisk|Extreme Portable SSD V2 1 TB|99|Portable SSD;1 TB;USB 3.2 Gen 2;1050 MB/s
SanDisk|Extreme PRO Portable SSD V2 2 TB|229|Portable SSD;2 TB;USB 3.2 Gen 2x2;2000 MB/s
Crucial|X9 Pro 1 TB Portable SSD|89|Portable SSD;1 TB;USB 3.2 Gen 2;1050 MB/s
Crucial|X10 Pro 2 TB Portable SSD|169|Portable SSD;2 TB;USB 3.2 Gen 2x2;2100 MB/s
Sabrent|Rocket Nano 2 TB Portable SSD|169|Portable SSD;2 TB;USB 3.2 Gen 2;1000 MB/s
Seagate|One Touch SSD 1 TB|119|Portable SSD;1 TB;USB-C;1030 MB/s
WD|My Passport 5 TB Portable Drive|139|Portable hard drive;5 TB;USB 3.2 Gen 1;-
WD|Elements Desktop 16 TB|279|Desktop hard drive;16 TB;USB 3.0;-
Seagate|Expansion Portable 4 TB|109|Portable hard drive;4 TB;USB 3.0;-
LaCie|Rugged Mini 2 TB|99|Portable hard drive;2 TB;USB 3.0;130 MB/s
Samsung|BAR Plus 256 GB Flash Drive|29|Flash drive;256 GB;USB 3.1;400 MB/s
Samsung|FIT Plus 128 GB Flash Drive|17|Flash drive;128 GB;USB 3.1;400 MB/s
SanDisk|Ultra Dual Drive Luxe 256 GB|29|Flash drive;256 GB;USB-C, USB-A;400 MB/s
SanDisk|Extreme PRO USB 3.2 512 GB|89|Flash drive;512 GB;USB 3.2 Gen 1;420 MB/s
Kingston|DataTraveler Max 512 GB|49|Flash drive;512 GB;USB 3.2 Gen 2;1000 MB/s
Kingston|DataTraveler Exodia 64 GB|9|Flash drive;64 GB;USB 3.2 Gen 1;100 MB/s
PNY|Elite-X Fit 256 GB|24|Flash drive;256 GB;USB 3.2 Gen 1;200 MB/s
Lexar|JumpDrive D400 128 GB|19|Flash drive;128 GB;USB-C, USB-A;130 MB/s
Corsair|Flash Voyager GTX 1 TB|149|Flash drive;1 TB;USB 3.1;440 MB/s",
    },
];
