//! Demo catalog tables for PC components.

use super::{Axis, LeafTable, COLOUR};

pub const COMPONENTS: &[LeafTable] = &[
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
];
