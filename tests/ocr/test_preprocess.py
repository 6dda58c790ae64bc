"""Finding and straightening the card, and making its type dark on light: no Tesseract."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageStat

from ocr import preprocess

FONT = ImageFont.truetype("DejaVuSans-Bold.ttf", 48)


def card(size: tuple[int, int] = (900, 520)) -> Image.Image:
    img = Image.new("RGB", size, (250, 250, 246))
    draw = ImageDraw.Draw(img)
    for i in range(6):
        draw.rectangle((60, 60 + 70 * i, 60 + 90 * (i + 3), 90 + 70 * i), fill=(20, 20, 20))
    return img


def on_table(angle: float) -> tuple[Image.Image, list[tuple[float, float]]]:
    """The card turned by `angle` degrees on a brown, grainy table; and its true corners."""
    front = card()
    table = Image.new("RGB", (1600, 1200), (120, 84, 52))
    grain = Image.effect_noise(table.size, 30).convert("RGB")
    table = Image.blend(table, grain, 0.1)
    turned = front.convert("RGBA").rotate(angle, expand=True, resample=Image.BICUBIC)
    origin = ((1600 - turned.width) // 2, (1200 - turned.height) // 2)
    table.paste(turned, origin, turned)
    cx, cy = 800, 600
    rad = math.radians(-angle)  # PIL turns counter-clockwise; y grows downwards
    corners = []
    for x, y in ((-450, -260), (450, -260), (450, 260), (-450, 260)):
        corners.append((cx + x * math.cos(rad) - y * math.sin(rad),
                        cy + x * math.sin(rad) + y * math.cos(rad)))  # fmt: skip
    return table.filter(ImageFilter.GaussianBlur(1)), corners


def test_finds_a_tilted_card_on_a_table() -> None:
    photo, truth = on_table(14)
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 20  # px, on a 1600-px photo
    flat = preprocess.warp(photo, found)
    assert abs(flat.width / flat.height - 900 / 520) < 0.05


def test_finds_a_card_in_light_falling_off_across_a_grey_table() -> None:
    """The shaded end of the card is as grey as the lit end of the table."""
    front = card()
    table = Image.new("RGB", (1600, 1200), (175, 172, 165))
    table.paste(front.rotate(8, expand=True, fillcolor=(175, 172, 165)), (300, 250))
    found = preprocess.find_card(table)  # evenly lit: the control
    shade = Image.linear_gradient("L").rotate(90, expand=True).resize(table.size)
    shade = shade.point(lambda v: 90 + v * 165 // 255)  # 35 % of the light on the left
    shaded = Image.composite(table, Image.new("RGB", table.size, 0), shade)
    found_shaded = preprocess.find_card(shaded.filter(ImageFilter.GaussianBlur(1)))
    assert found is not None and found_shaded is not None
    for p, q in zip(found, found_shaded, strict=True):
        assert math.dist(p, q) < 20  # px, on a 1600-px photo


def test_a_scan_filling_the_frame_is_not_cropped() -> None:
    scan = card()
    ImageDraw.Draw(scan).rectangle((0, 0, 900, 110), fill=(0, 90, 60))  # a coloured band
    assert preprocess.find_card(scan) is None


def test_light_type_on_a_band_becomes_dark_on_white() -> None:
    gray = Image.new("L", (1400, 850), 245)
    draw = ImageDraw.Draw(gray)
    draw.rectangle((0, 0, 1400, 240), fill=50)
    draw.text((100, 90), "Northwind Traders Ltd", font=FONT, fill=250)
    out, inverted = preprocess.light_paper(gray)
    assert inverted
    box = (100, 90, 700, 150)
    assert out.crop(box).getextrema()[0] < 60  # the type is now dark
    assert out.getpixel((900, 200)) > 200  # on light paper
    assert out.getpixel((700, 600)) > 200  # and the rest of the card is untouched


def test_a_shadow_is_not_taken_for_a_band() -> None:
    gray = Image.linear_gradient("L").rotate(90).resize((1400, 850))  # dark on one side
    gray = gray.point(lambda v: 90 + v // 2)
    draw = ImageDraw.Draw(gray)
    draw.text((100, 300), "Jane Smith, Sales Manager", font=FONT, fill=10)
    _, inverted = preprocess.light_paper(gray)
    assert not inverted


def test_perspective_coefficients_map_corners() -> None:
    src = [(10.0, 20.0), (300.0, 40.0), (320.0, 260.0), (0.0, 240.0)]
    dst = [(0.0, 0.0), (200.0, 0.0), (200.0, 120.0), (0.0, 120.0)]
    a, b, c, d, e, f, g, h = preprocess.perspective_coeffs(dst, src)
    for (x, y), (u, v) in zip(dst, src, strict=True):
        w = g * x + h * y + 1
        assert math.isclose((a * x + b * y + c) / w, u, abs_tol=1e-6)
        assert math.isclose((d * x + e * y + f) / w, v, abs_tol=1e-6)


def on_marble(angle: float) -> tuple[Image.Image, list[tuple[float, float]]]:
    """The card turned by `angle` degrees on a pale veined table nearly as white as it is."""
    table = Image.new("RGB", (1600, 1200), (222, 222, 218))
    veins = ImageDraw.Draw(table)
    for i in range(12):  # long grey veins across the frame, in all directions
        x, y = (i * 337) % 1600, (i * 191) % 1200
        veins.line((x, y, (x + 900 + 80 * i) % 1600, (y + 700 - 60 * i) % 1200), (170, 170, 175), 3)
    front = card().convert("RGBA").rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    table.paste(front, ((1600 - front.width) // 2, (1200 - front.height) // 2), front)
    cx, cy, rad = 800, 600, math.radians(-angle)
    corners = [
        (cx + x * math.cos(rad) - y * math.sin(rad), cy + x * math.sin(rad) + y * math.cos(rad))
        for x, y in ((-450, -260), (450, -260), (450, 260), (-450, 260))
    ]
    return table.filter(ImageFilter.GaussianBlur(1.5)), corners


def test_a_white_card_on_a_pale_table_is_found_by_its_edges() -> None:
    photo, truth = on_marble(11)
    small = photo.copy()
    small.thumbnail((preprocess.DETECT_SIDE, preprocess.DETECT_SIDE))
    assert preprocess._mask_outline(small) is None  # the colour alone does not tell
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 20  # px, on a 1600-px photo


def test_edges_trace_the_true_outline_not_one_beside_it() -> None:
    photo, truth = on_marble(-6)
    small = photo.copy()
    small.thumbnail((preprocess.DETECT_SIDE, preprocess.DETECT_SIDE))
    scale = small.width / photo.width
    edges = preprocess.Edges(small)
    outline = [(x * scale, y * scale) for x, y in truth]
    beside = [(x + 12, y + 9) for x, y in outline]
    assert edges.fit(outline) > 0.8 > edges.fit(beside)


def test_a_card_a_degree_off_the_whole_degrees_is_found_on_marble() -> None:
    """Hough lines are whole degrees: the card's short sides, turned by one degree, come out
    of the vote a degree off, so their ends leave the edge and no outline of four passes.
    Each line is first settled onto the edge it runs along."""
    photo, truth = on_marble(-1)
    small = photo.copy()
    small.thumbnail((preprocess.DETECT_SIDE, preprocess.DETECT_SIDE))
    k = small.width / photo.width
    (ax, ay), (bx, by) = truth[1], truth[2]  # the right-hand short side
    normal = math.atan2(bx - ax, -(by - ay)) % math.pi
    edges = preprocess.Edges(small)

    rho = k * (ax * math.cos(normal) + ay * math.sin(normal))

    def nearest(lines: list[tuple[float, float]]) -> float:
        """How many degrees the line nearest the right-hand side is turned from it."""
        turns = [abs(t - normal) % math.pi for t, r in lines if abs(abs(r) - rho) < 6]
        return min(math.degrees(min(d, math.pi - d)) for d in turns)

    hough = edges.lines()
    assert nearest(hough) >= 0.9
    assert nearest(edges._settle(hough)) < 0.6
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 15  # px, on a 1600-px photo


def test_the_outer_edge_of_a_shadow_is_not_taken_for_a_side() -> None:
    """A white card casting a dark shadow down and to the right on a grey table: the shadow's
    outer edge is as straight and as sharp as the card's, but turns the other way (brighter
    outwards, where the card's sides are brighter inwards)."""
    thumb = Image.new("RGB", (320, 240), (200, 200, 196))
    draw = ImageDraw.Draw(thumb)
    draw.rectangle((66, 66, 246, 176), fill=(110, 110, 108))
    draw.rectangle((60, 60, 239, 169), fill=(250, 250, 246))
    edges = preprocess.Edges(thumb.filter(ImageFilter.GaussianBlur(1)))
    shadow = [(0.0, 246.5), (math.pi / 2, 176.5)]
    sides = [(0.0, 59.5), (math.pi / 2, 59.5), (0.0, 239.5), (math.pi / 2, 169.5)]
    edges.lines = lambda: shadow + sides  # type: ignore[method-assign]
    found = edges.outline()
    assert found is not None
    card = [(60, 60), (240, 60), (240, 170), (60, 170)]
    for (x, y), (tx, ty) in zip(found[1], card, strict=True):
        assert math.dist((x, y), (tx, ty)) < 3  # px on the thumbnail; the shadow is 6 px out


def placed(
    page: Image.Image, front: Image.Image, angle: float
) -> tuple[Image.Image, list[tuple[float, float]]]:
    """The 900 x 520 card turned by `angle` degrees in the middle of the 1600 x 1200 page, as
    a slightly soft photo, with the card's true corners."""
    turned = front.convert("RGBA").rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    page.paste(turned, ((1600 - turned.width) // 2, (1200 - turned.height) // 2), turned)
    cx, cy, rad = 800, 600, math.radians(-angle)
    corners = [
        (cx + x * math.cos(rad) - y * math.sin(rad), cy + x * math.sin(rad) + y * math.cos(rad))
        for x, y in ((-450, -260), (450, -260), (450, 260), (-450, 260))
    ]
    return page.filter(ImageFilter.GaussianBlur(1.5)), corners


def on_lined_paper(angle: float) -> tuple[Image.Image, list[tuple[float, float]]]:
    """The card turned by `angle` degrees on a notebook page: blue rules every 40 px, the
    card nearly as white as the paper, so only its edges tell where it lies."""
    page = Image.new("RGB", (1600, 1200), (226, 226, 222))
    rules = ImageDraw.Draw(page)
    for y in range(20, 1200, 40):
        rules.line((0, y, 1600, y + 6), (120, 140, 200), 4)
    front = Image.new("RGB", (900, 520), (246, 246, 242))
    draw = ImageDraw.Draw(front)
    draw.text((60, 60), "Jane Smith", font=FONT, fill=(30, 30, 30))
    draw.text((60, 380), "+44 20 7946 0000", font=FONT, fill=(30, 30, 30))
    return placed(page, front, angle)


def test_a_white_card_on_lined_paper_is_found_by_its_edges() -> None:
    """The rules are the strongest straight lines in the picture and run nearly along the
    card's long sides: they must not take the place of those sides."""
    photo, truth = on_lined_paper(4)
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 20  # px, on a 1600-px photo


def on_ruled_page(
    angle: float, band: bool = False
) -> tuple[Image.Image, list[tuple[float, float]]]:
    """A card exactly as bright as the ruled page under it: neither its colour nor an edge
    tells where it lies, only that the page's rules stop under it. `band`: a red panel down
    its left side, which stands out from the page far more than the card does."""
    paper = (232, 232, 228)
    page = Image.new("RGB", (1600, 1200), paper)
    rules = ImageDraw.Draw(page)
    for y in range(30, 1200, 36):
        rules.line((0, y, 1600, y), (150, 165, 205), 3)
    front = Image.new("RGB", (900, 520), paper)
    draw = ImageDraw.Draw(front)
    draw.text((60, 60), "Jane Smith", font=FONT, fill=(30, 30, 30))
    draw.text((60, 380), "+44 20 7946 0000", font=FONT, fill=(30, 30, 30))
    if band:
        draw.rectangle((0, 0, 380, 520), fill=(170, 30, 40))
    return placed(page, front, angle)


def test_a_card_slanted_across_a_widely_ruled_page_is_found() -> None:
    """A page ruled every 8 mm (a tenth of a card's width) under a card turned 60 degrees to
    the rules: where the rules stop is known to a rule only, so the region's slanted sides are
    stairs, whose hull it fills too little to pass as four-sided; the card went unfound."""
    paper = (232, 232, 228)
    page = Image.new("RGB", (1600, 1200), paper)
    rules = ImageDraw.Draw(page)
    for y in range(30, 1200, 80):
        rules.line((0, y, 1600, y), (150, 165, 205), 3)
    front = Image.new("RGB", (900, 520), paper)
    draw = ImageDraw.Draw(front)
    draw.text((60, 60), "Jane Smith", font=FONT, fill=(30, 30, 30))
    draw.text((60, 380), "+44 20 7946 0000", font=FONT, fill=(30, 30, 30))
    photo, truth = placed(page, front, 60)
    found = preprocess.find_card(photo)
    assert found is not None
    turns = [truth[k:] + truth[:k] for k in range(4)]  # the long side across: a quarter turned
    worst = min(max(math.dist(p, q) for p, q in zip(found, t, strict=True)) for t in turns)
    assert worst < 2.5 * 80  # px: within a rule spacing or two of each corner


def test_a_band_on_a_card_on_a_ruled_page_is_not_taken_for_the_card() -> None:
    """The panel's outline is the sharpest; the rules stop under the whole card."""
    photo, truth = on_ruled_page(-5, band=True)
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 30


def test_a_card_as_bright_as_a_ruled_page_is_found_where_the_rules_stop() -> None:
    photo, truth = on_ruled_page(7)
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 30  # px, on a 1600-px photo (1.6 % of the card)


def test_a_card_on_a_grainy_ruled_page_in_a_small_photo_is_found() -> None:
    """A 640-px phone photo's grain points every way and, on the thumbnail, drowned the
    direction of the page's rules: the card, as bright as the page, was not found at all."""
    import numpy as np

    photo, truth = on_ruled_page(7)
    photo = photo.resize((640, 480), Image.Resampling.BOX)
    truth = [(x * 0.4, y * 0.4) for x, y in truth]
    rng = np.random.default_rng(0)
    grain = np.asarray(photo, np.float32) + rng.normal(0, 10, (480, 640, 1))
    photo = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 10  # px, on a 640-px photo


def test_a_plain_desk_has_no_rules() -> None:
    photo, _ = on_table(14)
    small = photo.copy()
    small.thumbnail((preprocess.DETECT_SIDE, preprocess.DETECT_SIDE))
    assert preprocess._rules_outline(small) is None


def test_numpy_rank_filters_match_pillows() -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    for mode, shape in (("L", (37, 29)), ("RGB", (40, 61, 3)), ("L", (2, 3)), ("L", (1, 1))):
        img = Image.fromarray(rng.integers(0, 256, size=shape, dtype=np.uint8), mode)
        for size in (3, 5, 7):
            assert (
                preprocess.min_filter(img, size).tobytes()
                == img.filter(ImageFilter.MinFilter(size)).tobytes()
            )
            assert (
                preprocess.max_filter(img, size).tobytes()
                == img.filter(ImageFilter.MaxFilter(size)).tobytes()
            )
        assert (
            preprocess.median3(img).tobytes() == img.filter(ImageFilter.MedianFilter(3)).tobytes()
        )


def test_glare_on_a_dark_card_is_inverted_with_the_card_not_ringed() -> None:
    gray = Image.new("L", (1400, 850), 40)
    draw = ImageDraw.Draw(gray)
    for row in range(6):
        draw.text((100, 80 + 120 * row), "Sarah Rodriguez, Notary", font=FONT, fill=200)
    # a soft bright spot of glare in the middle: the type in it is only a little lighter
    spot = Image.new("L", gray.size, 0)
    ImageDraw.Draw(spot).ellipse((450, 250, 850, 550), fill=255)
    spot = spot.filter(ImageFilter.GaussianBlur(40)).point(lambda a: 230 * a // 255)
    gray = Image.composite(Image.new("L", gray.size, 235), gray, spot)  # veiled by the glare
    out, inverted = preprocess.light_paper(gray)
    assert inverted
    # the glare's light taken away and inverted with the card: white paper under it with the
    # type darker, not light type on grey paper walled off by a white ring
    row = out.crop((560, 320, 740, 380))
    paper = out.crop((560, 400, 740, 430))
    assert ImageStat.Stat(paper).mean[0] > 240
    assert row.getextrema()[0] < ImageStat.Stat(paper).mean[0] - 20


def test_a_card_with_a_coloured_band_down_one_side_is_found_whole_on_marble() -> None:
    """An orange panel across the card's full height stands out from the pale veined table
    far more than the white card does: its outline is the strongest, yet the card's top and
    bottom edges go on straight past it to the card's far side."""
    table = Image.new("RGB", (1600, 1200), (222, 222, 218))
    veins = ImageDraw.Draw(table)
    for i in range(12):
        x, y = (i * 337) % 1600, (i * 191) % 1200
        veins.line((x, y, (x + 900 + 80 * i) % 1600, (y + 700 - 60 * i) % 1200), (170, 170, 175), 3)
    front = Image.new("RGB", (900, 520), (246, 246, 242))
    draw = ImageDraw.Draw(front)
    draw.rectangle((0, 0, 300, 520), fill=(230, 120, 20))
    draw.text((360, 60), "Jane Smith", font=FONT, fill=(30, 30, 30))
    draw.text((360, 380), "+44 20 7946", font=FONT, fill=(30, 30, 30))
    photo, truth = placed(table, front, -8)
    found = preprocess.find_card(photo)
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 30


def test_a_banded_card_on_a_pale_lid_is_found_whole_though_one_side_is_faint() -> None:
    """A cream card scanned on a pale grey lid: its red panel stands out, and the card's
    bottom edge fades into the lid for much of its length; the top edge and the far side
    still say where the card ends."""
    lid = Image.new("RGB", (1100, 700), (236, 236, 236))
    front = Image.new("RGB", (900, 520), (250, 247, 238))
    draw = ImageDraw.Draw(front)
    draw.rectangle((0, 0, 300, 520), fill=(160, 30, 40))
    draw.text((360, 60), "Jane Smith", font=FONT, fill=(30, 30, 30))
    draw.text((360, 380), "+44 20 7946", font=FONT, fill=(30, 30, 30))
    turned = front.convert("RGBA").rotate(-4, expand=True, resample=Image.Resampling.BICUBIC)
    lid.paste(turned, ((1100 - turned.width) // 2, (700 - turned.height) // 2), turned)
    rad = math.radians(4)
    truth = [
        (550 + x * math.cos(rad) - y * math.sin(rad), 350 + x * math.sin(rad) + y * math.cos(rad))
        for x, y in ((-450, -260), (450, -260), (450, 260), (-450, 260))
    ]
    y0 = int(min(y for _, y in truth[2:]) - 30)
    lid.paste(lid.crop((400, y0, 1100, 700)).filter(ImageFilter.GaussianBlur(6)), (400, y0))
    found = preprocess.find_card(lid.filter(ImageFilter.GaussianBlur(1)))
    assert found is not None
    for (x, y), (tx, ty) in zip(found, truth, strict=True):
        assert math.dist((x, y), (tx, ty)) < 30


def test_a_rule_broken_off_beside_the_card_does_not_hide_it_on_a_ruled_page() -> None:
    """A shadow or the card's rim breaks a few rules short above the card: the region the
    rules leave free has a narrow spur, and its outline is no longer four-sided."""
    photo, truth = on_ruled_page(7)
    top = min(y for _, y in truth[:2])
    ImageDraw.Draw(photo).rectangle((780, 40, 830, top + 20), fill=(232, 232, 228))
    small = photo.copy()
    small.thumbnail((preprocess.DETECT_SIDE, preprocess.DETECT_SIDE))
    found = preprocess._rules_outline(small)
    assert found is not None
    scale = photo.width / small.width
    for (x, y), (tx, ty) in zip(found[0], truth, strict=True):
        assert math.dist((x * scale, y * scale), (tx, ty)) < 60  # px: half a rule spacing off


def test_a_weave_finer_than_any_ruled_page_is_not_taken_for_rules() -> None:
    """Fabric or paper grain: dark threads 3 px apart on the thumbnail, evenly spaced along one
    direction like rules, but no ruled page is lined that finely (a page's rules are 7-9 mm
    apart; at 3 px the page under the card would be under 100 mm across the frame)."""
    small = Image.new("L", (320, 240), 200)
    draw = ImageDraw.Draw(small)
    for y in range(0, 240, 3):
        draw.line((0, y, 320, y), fill=150)
    draw.rectangle((80, 60, 240, 150), fill=235)  # the card on it
    assert preprocess._rule_free(small.convert("RGB")) is None


def test_blotchy_paper_is_evened_at_the_scale_of_the_glyphs_and_type_stays_dark() -> None:
    # paper that darkens in a blotch a line or two across, grey type on both sides of its edge
    page = Image.new("L", (600, 200), 230)
    ImageDraw.Draw(page).ellipse((300, 20, 520, 180), fill=140)
    page = page.filter(ImageFilter.GaussianBlur(12))
    draw = ImageDraw.Draw(page)
    draw.rectangle((60, 90, 200, 96), fill=100)  # a stroke on the light paper
    draw.rectangle((360, 90, 480, 96), fill=50)  # one as dark against the blotch
    out = preprocess.evened(page, text=34)
    assert page.getpixel((120, 40)) - page.getpixel((420, 60)) > 60  # before: far apart
    light, blotch = out.getpixel((120, 40)), out.getpixel((420, 60))
    assert light >= 235 and blotch >= 215  # both paper, nearly alike
    assert out.getpixel((120, 93)) < 150 and out.getpixel((420, 93)) < 150
    # Otsu on the page now parts both strokes from all the paper
    threshold = preprocess.otsu(out.histogram())
    assert out.getpixel((420, 93)) < threshold < min(light, blotch)


def _page_of_type(angle: float) -> Image.Image:
    """Six lines of body type on white paper, the page turned `angle` degrees (PIL's sense:
    counter-clockwise), away from the frame's edges."""
    font = ImageFont.truetype("DejaVuSans.ttf", 26)
    page = Image.new("L", (1400, 900), 250)
    draw = ImageDraw.Draw(page)
    lines = ["Jane Doe", "Sales Manager", "Tel +44 20 7946 0958", "jane.doe@example.com"]
    lines += ["www.example.com", "12 High Street, London EC1A 1BB"]
    for i, text in enumerate(lines):
        draw.text((300, 200 + 70 * i), text, fill=20, font=font)
    return page.rotate(angle, Image.Resampling.BICUBIC, fillcolor=250)


def test_a_slanted_page_is_turned_level() -> None:
    """A card in an uncropped frame slants as the photo was taken: its lines are levelled,
    turned back by the slant they show (lines running up to the right turn clockwise)."""
    assert abs(preprocess.skew(_page_of_type(6)) + 6) <= 1
    assert abs(preprocess.skew(_page_of_type(-4)) - 4) <= 1
    level = preprocess.deskewed(_page_of_type(6))
    assert abs(preprocess.skew(level)) < preprocess.SKEW_LEAST


def test_a_level_page_is_left_as_it_is() -> None:
    page = _page_of_type(0)
    assert preprocess.skew(page) == 0.0
    assert preprocess.deskewed(page) is page


def test_a_slant_does_not_make_type_look_taller() -> None:
    """Measured on the slanted page, each line's box is taller than its type; levelled, the
    body type measures as on a level page, so the page is not shrunk for it."""
    level = preprocess.text_height(_page_of_type(0))
    slanted = preprocess.text_height(_page_of_type(6))
    again = preprocess.text_height(preprocess.deskewed(_page_of_type(6)))
    assert level is not None and slanted is not None and again is not None
    assert slanted > 1.5 * level
    assert abs(again - level) <= 0.2 * level
