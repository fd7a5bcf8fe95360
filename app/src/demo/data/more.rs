//! Demo catalog tables for monitors, laptops, consoles, furniture, networking and streaming.

use super::{Axis, LeafTable};

pub const MORE: &[LeafTable] = &[
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
