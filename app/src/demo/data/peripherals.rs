//! Demo catalog tables for peripherals.

use super::{Axis, LeafTable, COLOUR, SWITCHES};

pub const PERIPHERALS: &[LeafTable] = &[
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
];
