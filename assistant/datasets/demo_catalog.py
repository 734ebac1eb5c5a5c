"""What the demo company stocks and where from: warehouses, suppliers and the product range with its variants.

Static on purpose: the seed varies the business (orders, stock, payments), while the catalog stays the same so
documentation and examples can name products, SKUs and warehouses that exist in every demo database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FURNITURE = "Office Furniture"
SUPPLIES = "Office Supplies"
IT = "IT Accessories"
WAREHOUSE = "Warehouse Equipment"


@dataclass(frozen=True, slots=True)
class WarehouseSpec:
    code: str
    name: str
    country: str
    city: str


WAREHOUSES = (
    WarehouseSpec("HAM", "Hamburg Zentrallager", "DE", "Hamburg"),
    WarehouseSpec("WAW", "Magazyn Warszawa", "PL", "Warszawa"),
    WarehouseSpec("ZAG", "Skladište Zagreb", "HR", "Zagreb"),
    WarehouseSpec("SEL", "서울 물류센터", "KR", "Seoul"),
)
# The central warehouse stocks every SKU, so an order can always ship from it.
CENTRAL_WAREHOUSE = "HAM"


@dataclass(frozen=True, slots=True)
class SupplierSpec:
    code: str
    name: str
    country: str
    city: str
    email: str
    phone: str
    payment_terms_days: int
    lead_time_days: int


# fmt: off
SUPPLIERS = (
    SupplierSpec("SUP-NORDHOLZ", "Nordholz Büromöbel GmbH", "DE", "Bielefeld",
                 "vertrieb@nordholz-bueromoebel.example", "+49 521 480 2210", 30, 12),
    SupplierSpec("SUP-HANSELAG", "Hanseatische Lagertechnik GmbH", "DE", "Bremen",
                 "auftrag@hanse-lagertechnik.example", "+49 421 696 3300", 30, 10),
    SupplierSpec("SUP-ELBPAPIER", "Papierwerk Elbtal GmbH & Co. KG", "DE", "Dresden",
                 "bestellung@elbtal-papier.example", "+49 351 871 4400", 14, 5),
    SupplierSpec("SUP-MEBLEX", "Meblex Sp. z o.o.", "PL", "Poznań",
                 "zamowienia@meblex.example", "+48 61 842 17 30", 30, 14),
    SupplierSpec("SUP-BIUREX", "Biurex Dystrybucja Sp. z o.o.", "PL", "Łódź",
                 "handel@biurex.example", "+48 42 633 81 20", 14, 7),
    SupplierSpec("SUP-STALMAG", "Stalmag Systemy Magazynowe S.A.", "PL", "Katowice",
                 "sprzedaz@stalmag.example", "+48 32 255 40 10", 45, 21),
    SupplierSpec("SUP-DRVOSLAV", "Drvoprerada Slavonija d.o.o.", "HR", "Osijek",
                 "prodaja@drvo-slavonija.example", "+385 31 250 660", 30, 18),
    SupplierSpec("SUP-JADRAN", "Uredska oprema Jadran d.o.o.", "HR", "Split",
                 "narudzbe@jadran-oprema.example", "+385 21 345 120", 30, 9),
    SupplierSpec("SUP-SEBIT", "세빛전자 주식회사 (Sebit Electronics)", "KR", "Suwon",
                 "export@sebit-electronics.example", "+82 31 8012 4500", 60, 35),
    SupplierSpec("SUP-NURI", "누리디지털 (Nuri Digital Co., Ltd.)", "KR", "Incheon",
                 "sales@nuri-digital.example", "+82 32 710 2288", 45, 30),
    SupplierSpec("SUP-ERGONORD", "Ergonomia Nordic AB", "SE", "Malmö",
                 "orders@ergonomia-nordic.example", "+46 40 611 2030", 30, 12),
    SupplierSpec("SUP-LUMINA", "Lumina Illuminazione S.r.l.", "IT", "Bologna",
                 "ordini@lumina-illuminazione.example", "+39 051 644 7810", 60, 16),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class OptionValue:
    label: str
    sku_part: str
    price_factor: Decimal


@dataclass(frozen=True, slots=True)
class ProductSpec:
    code: str
    name: str
    category: str
    supplier: str
    base_price: Decimal  # gross list price of the first variant, VAT included
    popularity: int  # relative share of order lines, 1..10
    order_quantity: tuple[int, int]  # what one order line typically asks for
    description: str
    axes: tuple[tuple[str, tuple[OptionValue, ...]], ...]


def _product(
    code: str,
    name: str,
    category: str,
    supplier: str,
    price: str,
    popularity: int,
    order_quantity: tuple[int, int],
    description: str,
    **axes: str,
) -> ProductSpec:
    """Axes are written `label:SKU-PART[:price factor]`, comma separated, in the order the SKU spells them."""
    parsed: list[tuple[str, tuple[OptionValue, ...]]] = []
    for axis, spec in axes.items():
        values = []
        for item in spec.split(","):
            label, sku_part, *factor = (part.strip() for part in item.split(":"))
            values.append(OptionValue(label, sku_part, Decimal(factor[0]) if factor else Decimal(1)))
        parsed.append((axis, tuple(values)))
    return ProductSpec(
        code,
        name,
        category,
        f"SUP-{supplier}",
        Decimal(price),
        popularity,
        order_quantity,
        description,
        tuple(parsed),
    )


# fmt: off
PRODUCTS = (
    # Office furniture
    _product("CH-ERGO", "ErgoPro Office Chair", FURNITURE, "NORDHOLZ", "289.00", 10, (1, 12),
             "Task chair with synchronous mechanism, adjustable lumbar support and 4D armrests.",
             color="black:BLK, grey:GRY, blue:BLU", base="nylon:NY, aluminium:AL:1.15"),
    _product("CH-NETZ", "Bürostuhl Netzrücken Comfort", FURNITURE, "NORDHOLZ", "199.00", 8, (1, 10),
             "Drehstuhl mit atmungsaktiver Netzrückenlehne und Sitztiefenverstellung.",
             color="black:BLK, grey:GRY, red:RED"),
    _product("CH-EXEC", "Executive Leather Chair", FURNITURE, "NORDHOLZ", "549.00", 3, (1, 3),
             "High-back executive chair with padded headrest.",
             color="black:BLK, cognac:COG", upholstery="leather:LTH, faux leather:FAUX:0.78"),
    _product("CH-KONF", "Krzesło konferencyjne Łódź", FURNITURE, "MEBLEX", "89.00", 7, (4, 24),
             "Stackable conference chair with chrome frame.",
             color="black:BLK, grey:GRY, navy:NVY, green:GRN"),
    _product("CH-STOOL", "Drafting Stool", FURNITURE, "MEBLEX", "129.00", 2, (1, 4),
             "Counter-height stool with foot ring for standing desks.",
             height="standard:STD, tall:TLL:1.12"),
    _product("CH-POSJ", "Stolica za posjetitelje Đurđevac", FURNITURE, "DRVOSLAV", "119.00", 4, (2, 12),
             "Visitor chair in solid beech with upholstered seat.",
             color="beige:BEI, anthracite:ANT"),
    _product("DK-SITZ", "Höhenverstellbarer Schreibtisch", FURNITURE, "NORDHOLZ", "649.00", 9, (1, 8),
             "Electric sit-stand desk, two motors, memory handset.",
             width="120 cm:120:0.92, 140 cm:140, 160 cm:160:1.08",
             top="white:WHT, oak:OAK:1.06, walnut:WAL:1.12"),
    _product("DK-BASIC", "Basic Office Desk", FURNITURE, "MEBLEX", "249.00", 7, (1, 10),
             "Four-leg desk with cable tray.",
             width="120 cm:120:0.9, 140 cm:140, 160 cm:160:1.1", top="white:WHT, grey:GRY"),
    _product("DK-BENCH", "Bench Desk for Four", FURNITURE, "MEBLEX", "1190.00", 2, (1, 4),
             "Shared bench desk for four workstations with central cable spine.",
             length="280 cm:280, 320 cm:320:1.1", top="white:WHT, oak:OAK:1.05"),
    _product("DK-NAROZ", "Biurko narożne", FURNITURE, "MEBLEX", "389.00", 3, (1, 4),
             "L-shaped corner desk.",
             side="left:L, right:R", top="white:WHT, oak:OAK:1.05"),
    _product("TB-MEET", "Meeting Table Oval", FURNITURE, "DRVOSLAV", "890.00", 2, (1, 2),
             "Oval meeting table in oak veneer.",
             seats="6 seats:6, 8 seats:8:1.25, 10 seats:10:1.5"),
    _product("TB-HRAST", "Radni stol od hrasta", FURNITURE, "DRVOSLAV", "760.00", 3, (1, 3),
             "Solid Slavonian oak work table, oiled finish.",
             length="180 cm:180, 200 cm:200:1.12"),
    _product("ST-PED", "Mobile Pedestal 3 Drawers", FURNITURE, "MEBLEX", "179.00", 6, (1, 10),
             "Lockable mobile pedestal with pen tray.",
             color="white:WHT, grey:GRY, black:BLK"),
    _product("ST-AKTEN", "Aktenschrank abschließbar", FURNITURE, "NORDHOLZ", "329.00", 4, (1, 6),
             "Lockable steel filing cabinet with adjustable shelves.",
             height="2 OH:2OH:0.75, 3 OH:3OH, 5 OH:5OH:1.35", color="white:WHT, anthracite:ANT"),
    _product("ST-BOOK", "Open Bookcase 5 Shelves", FURNITURE, "DRVOSLAV", "149.00", 3, (1, 6),
             "Open shelving unit, 80 cm wide.",
             finish="white:WHT, oak:OAK:1.1"),
    _product("ST-LOCK", "Personal Locker 4 Doors", FURNITURE, "NORDHOLZ", "419.00", 2, (1, 6),
             "Steel locker with four compartments and combination locks.",
             color="grey:GRY, blue:BLU"),
    _product("FN-SCREEN", "Acoustic Desk Screen", FURNITURE, "ERGONORD", "159.00", 5, (2, 16),
             "Sound-absorbing felt desk divider with clamps.",
             width="120 cm:120:0.9, 140 cm:140, 160 cm:160:1.1", color="grey:GRY, green:GRN, blue:BLU"),
    _product("FN-FOOT", "Ergonomic Footrest", FURNITURE, "ERGONORD", "39.00", 4, (1, 10),
             "Tilting footrest with massage surface.",
             finish="black:BLK"),
    _product("FN-COAT", "Coat Stand", FURNITURE, "DRVOSLAV", "69.00", 2, (1, 4),
             "Free-standing coat stand with umbrella holder.",
             finish="black:BLK, beech:BEE"),
    _product("FN-LAMP", "LED Desk Lamp Lumina", FURNITURE, "LUMINA", "79.00", 5, (1, 12),
             "Dimmable LED desk lamp with colour temperature control.",
             color="black:BLK, white:WHT, silver:SLV:1.08"),
    # Office supplies
    _product("PP-A4", "Copy Paper A4 80 g", SUPPLIES, "ELBPAPIER", "6.49", 10, (5, 80),
             "Multifunction copy paper, 500 sheets per ream.",
             pack="1 ream:1R, box of 5 reams:5R:4.6"),
    _product("PP-A3", "Copy Paper A3 80 g", SUPPLIES, "ELBPAPIER", "12.90", 3, (2, 20),
             "A3 copy paper, 500 sheets per ream.",
             pack="1 ream:1R"),
    _product("PP-RECY", "Recyclingpapier A4", SUPPLIES, "ELBPAPIER", "5.99", 5, (5, 60),
             "100 % Altpapier, Blauer Engel, 500 Blatt.",
             pack="1 ream:1R, box of 5 reams:5R:4.6"),
    _product("NB-A5", "Notebook A5 Dotted", SUPPLIES, "JADRAN", "8.90", 5, (5, 50),
             "Hardcover notebook, 96 sheets, dotted.",
             color="black:BLK, navy:NVY, red:RED, green:GRN"),
    _product("NB-ZESZ", "Zeszyt A4 w kratkę 96 kartek", SUPPLIES, "BIUREX", "4.49", 4, (10, 60),
             "Squared A4 exercise book, 96 sheets.",
             pack="single:1, pack of 10:10:9.2"),
    _product("BN-LEVER", "Lever Arch File 80 mm", SUPPLIES, "BIUREX", "3.49", 7, (10, 100),
             "A4 lever arch file with rado ring.",
             color="blue:BLU, black:BLK, red:RED, green:GRN, yellow:YEL"),
    _product("BN-SEGR", "Segregator A4 50 mm", SUPPLIES, "BIUREX", "2.99", 5, (10, 80),
             "Narrow A4 binder with label pocket.",
             color="blue:BLU, black:BLK, white:WHT"),
    _product("PN-BALL", "Ballpoint Pens, Pack of 10", SUPPLIES, "JADRAN", "7.90", 7, (5, 40),
             "Retractable ballpoint pens with rubber grip.",
             ink="blue:BLU, black:BLK, red:RED"),
    _product("PN-GEL", "Gel-Tintenroller", SUPPLIES, "ELBPAPIER", "2.49", 4, (10, 60),
             "Gel ink rollerball, 0.5 mm.",
             ink="blue:BLU, black:BLK"),
    _product("MK-WB", "Whiteboard Marker Set", SUPPLIES, "JADRAN", "9.90", 5, (3, 30),
             "Dry-erase markers with chisel tip.",
             set="4 colours:4C, 8 colours:8C:1.7"),
    _product("ST-NOTE", "Sticky Notes 76 × 76 mm", SUPPLIES, "BIUREX", "1.29", 6, (20, 120),
             "Repositionable notes, 100 sheets per pad.",
             color="yellow:YEL, neon:NEO:1.15, pastel:PST:1.1"),
    _product("ST-HEFT", "Heftgerät", SUPPLIES, "ELBPAPIER", "14.90", 3, (2, 20),
             "Stapler for 24/6 and 26/6 staples.",
             model="standard 30 sheets:30, heavy duty 100 sheets:100:2.9"),
    _product("ST-ENV", "Envelopes C4", SUPPLIES, "ELBPAPIER", "24.90", 3, (1, 12),
             "Box of 250 C4 envelopes, white.",
             closure="self-seal:SS, peel and seal:PS:1.12"),
    _product("WB-MAG", "Whiteboard magnetni", SUPPLIES, "JADRAN", "79.00", 3, (1, 6),
             "Magnetic whiteboard with aluminium frame and pen tray.",
             size="90 × 60 cm:9060, 120 × 90 cm:12090:1.45, 180 × 120 cm:180120:2.3"),
    _product("OF-NISZ", "Niszczarka dokumentów", SUPPLIES, "BIUREX", "189.00", 3, (1, 4),
             "Paper shredder with 30 l bin.",
             security="P-4:P4, P-5:P5:1.35"),
    _product("OF-LAMI", "Laminator A3", SUPPLIES, "BIUREX", "69.00", 2, (1, 3),
             "Hot laminator for pouches up to A3.",
             model="A3:A3"),
    _product("OF-LABEL", "Label Tape 12 mm", SUPPLIES, "JADRAN", "16.90", 3, (2, 20),
             "Laminated label tape, 8 m.",
             colors="black on white:BW, black on yellow:BY"),
    _product("OF-DESK", "Desk Organizer Set", SUPPLIES, "JADRAN", "29.90", 3, (1, 10),
             "Five-piece desk set: pen cup, letter tray, card holder.",
             material="bamboo:BAM, black metal:MET"),
    # IT accessories
    _product("IT-KB", "무선 키보드 K7", IT, "SEBIT", "59.00", 8, (1, 20),
             "Slim wireless keyboard, 2.4 GHz and Bluetooth, rechargeable.",
             layout="DE (QWERTZ):DE, PL (programmer):PL, US (QWERTY):US, KR (두벌식):KR"),
    _product("IT-MOUSE", "Ergonomic Wireless Mouse", IT, "SEBIT", "39.00", 8, (1, 20),
             "Vertical mouse with silent buttons.",
             color="black:BLK, white:WHT", hand="right:R, left:L:1.1"),
    _product("IT-COMBO", "Keyboard and Mouse Set", IT, "SEBIT", "69.00", 5, (1, 20),
             "Wireless keyboard and mouse with one receiver.",
             layout="DE (QWERTZ):DE, US (QWERTY):US, KR (두벌식):KR"),
    _product("IT-DOCK", "USB-C Docking Station 11-in-1", IT, "NURI", "149.00", 7, (1, 12),
             "Dual-display dock with Ethernet, card reader and power delivery.",
             power="65 W:65, 100 W:100:1.2"),
    _product("IT-USBC", "USB-C Cable", IT, "NURI", "12.90", 6, (2, 40),
             "USB 3.2 Gen 2 cable, 100 W.",
             length="1 m:1M, 2 m:2M:1.3", color="black:BLK, white:WHT"),
    _product("IT-HDMI", "HDMI 2.1 Kabel", IT, "NURI", "14.90", 5, (2, 30),
             "Ultra High Speed HDMI cable, 8K.",
             length="1.5 m:15, 3 m:30:1.3, 5 m:50:1.7"),
    _product("IT-ARM", "Monitor Arm", IT, "ERGONORD", "129.00", 5, (1, 12),
             "Gas-spring monitor arm with desk clamp, VESA 75/100.",
             arms="single:1, dual:2:1.55"),
    _product("IT-STAND", "Laptop Stand Aluminium", IT, "ERGONORD", "49.00", 4, (1, 15),
             "Height-adjustable foldable laptop stand.",
             color="silver:SLV, space grey:SGR"),
    _product("IT-HEAD", "Headset ANC", IT, "SEBIT", "89.00", 6, (1, 20),
             "Office headset with active noise cancelling and boom microphone.",
             type="mono:MO, stereo:ST:1.15", plug="USB-A:A, USB-C:C"),
    _product("IT-CAM", "웹캠 Full HD", IT, "NURI", "59.00", 4, (1, 12),
             "Webcam with privacy shutter and dual microphones.",
             resolution="1080p:FHD, 4K:4K:1.9"),
    _product("IT-SSD", "Portable SSD", IT, "NURI", "89.00", 4, (1, 10),
             "USB-C portable SSD, 1000 MB/s.",
             capacity="500 GB:500, 1 TB:1T:1.45, 2 TB:2T:2.25"),
    _product("IT-PWR", "Power Strip 6-Way with USB", IT, "SEBIT", "34.90", 4, (2, 20),
             "Schuko power strip with surge protection and two USB ports.",
             cable="1.5 m:15, 3 m:30:1.15"),
    _product("IT-PAD", "Mouse Pad with Wrist Rest", IT, "ERGONORD", "14.90", 4, (2, 30),
             "Gel wrist rest mouse pad.",
             color="black:BLK, grey:GRY"),
    _product("IT-PRIV", "Privacy Filter", IT, "NURI", "45.00", 3, (1, 20),
             "Anti-glare privacy filter for laptops and monitors.",
             size='14":14:0.85, 15.6":16, 24":24:1.4, 27":27:1.6'),
    _product("IT-ZAS", "Zasilacz USB-C 65 W", IT, "SEBIT", "44.90", 4, (1, 15),
             "GaN USB-C laptop charger with two ports.",
             color="white:WHT, black:BLK"),
    # Warehouse equipment
    _product("WH-RACK", "Pallet Racking Bay", WAREHOUSE, "STALMAG", "390.00", 3, (1, 12),
             "Bolt-free pallet racking bay with two beam levels.",
             height="2.5 m:25, 3.0 m:30:1.12, 4.0 m:40:1.3", load="2000 kg:2T, 3000 kg:3T:1.2"),
    _product("WH-SCHWER", "Schwerlastregal", WAREHOUSE, "HANSELAG", "199.00", 4, (1, 10),
             "Galvanised heavy-duty shelving, 5 levels, 265 kg per level.",
             width="100 cm:100, 150 cm:150:1.2, 180 cm:180:1.35"),
    _product("WH-WOZEK", "Wózek paletowy 2500 kg", WAREHOUSE, "STALMAG", "349.00", 3, (1, 3),
             "Manual pallet truck with polyurethane wheels.",
             forks="1150 mm:1150, 1500 mm:1500:1.12"),
    _product("WH-TROLLEY", "Platform Trolley", WAREHOUSE, "HANSELAG", "159.00", 3, (1, 6),
             "Platform trolley with folding handle.",
             load="300 kg:300, 500 kg:500:1.3"),
    _product("WH-LADDER", "Step Ladder Aluminium", WAREHOUSE, "HANSELAG", "89.00", 3, (1, 5),
             "Aluminium step ladder with tool tray.",
             steps="3 steps:3, 5 steps:5:1.35, 7 steps:7:1.75"),
    _product("WH-BIN", "Stackable Storage Bin", WAREHOUSE, "STALMAG", "4.90", 6, (10, 120),
             "Open-fronted polypropylene picking bin.",
             size="S:S, M:M:1.6, L:L:2.4", color="blue:BLU, yellow:YEL, grey:GRY"),
    _product("WH-STRETCH", "Stretch Film 500 mm", WAREHOUSE, "HANSELAG", "18.90", 5, (6, 60),
             "Hand stretch film roll, 300 m.",
             gauge="17 µm:17, 23 µm:23:1.25"),
    _product("WH-TAPE", "Packing Tape 48 mm", WAREHOUSE, "BIUREX", "2.19", 5, (12, 144),
             "Low-noise polypropylene packing tape, 66 m.",
             color="clear:CLR, brown:BRN"),
    _product("WH-SCAN", "Handheld Barcode Scanner", WAREHOUSE, "NURI", "149.00", 3, (1, 8),
             "1D/2D imager with stand.",
             connection="corded:USB, wireless:BT:1.4"),
    _product("WH-RUKAV", "Radne rukavice", WAREHOUSE, "JADRAN", "3.90", 4, (12, 120),
             "Nitrile-coated work gloves, one pair.",
             size="8 (M):8, 9 (L):9, 10 (XL):10"),
    _product("WH-WESTE", "Warnweste EN ISO 20471", WAREHOUSE, "HANSELAG", "4.90", 3, (10, 60),
             "High-visibility vest, class 2.",
             size="L:L, XL:XL, XXL:XXL", color="yellow:YEL, orange:ORG"),
    _product("WH-LABEL", "Thermal Labels 100 × 150 mm", WAREHOUSE, "JADRAN", "19.90", 5, (4, 40),
             "Direct thermal shipping labels on 76 mm core.",
             roll="500 labels:500, 1000 labels:1000:1.85"),
    _product("WH-SHOES", "Safety Shoes S3", WAREHOUSE, "HANSELAG", "79.00", 3, (1, 12),
             "S3 safety shoes with composite toe cap.",
             size="40:40, 42:42, 44:44, 46:46"),
)
# fmt: on

# Which warehouses stock which categories besides the central one. Seoul carries the small things (IT, paper)
# and a few chairs; heavy warehouse equipment is only kept in Europe.
REGIONAL_RANGE = {
    "WAW": (FURNITURE, SUPPLIES, IT, WAREHOUSE),
    "ZAG": (FURNITURE, SUPPLIES, IT, WAREHOUSE),
    "SEL": (SUPPLIES, IT),
}
