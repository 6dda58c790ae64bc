"""Tesseract in this process, through the C API of the libtesseract that Debian's tesseract-ocr
package installs (no extra Python package).

Why: a `tesseract` process per call loads its model again each time: about 0.2 s of CPU for
chi_sim or HanS, and a card took up to six calls (Latin, Chinese, orientation, the same after
turning it, the re-read lines). Here each thread keeps one loaded model per language and reuses
it. Tesseract's API objects are not thread-safe, so each is used by the thread that made it only.

`available()` is False where the library cannot be loaded; `ocr.engine` then runs the
`tesseract` command through pytesseract as before.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import threading
import weakref
from typing import Any

from PIL import Image

DEADLINE_MS = 30_000  # a stuck page must not hold a worker forever (the command had a timeout)
# the resolution pytesseract's BMP files declared: Tesseract's layout analysis was tuned with it
RESOLUTION = 96
_OEM_LSTM_ONLY = 1


@functools.cache
def _lib() -> Any:
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    # OpenMP reads its thread limit once, when libgomp loads with the library (see ocr.engine)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    p, c, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    ip, fp = ctypes.POINTER(i), ctypes.POINTER(ctypes.c_float)
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "TessBaseAPICreate": (p, []),
        "TessBaseAPIDelete": (None, [p]),
        "TessBaseAPIInit2": (i, [p, c, c, i]),
        "TessBaseAPISetVariable": (ctypes.c_bool, [p, c, c]),
        "TessBaseAPISetPageSegMode": (None, [p, i]),
        "TessBaseAPISetImage": (None, [p, c, i, i, i, i]),
        "TessBaseAPISetSourceResolution": (None, [p, i]),
        "TessBaseAPIRecognize": (i, [p, p]),
        "TessBaseAPIGetTsvText": (p, [p, i]),
        "TessBaseAPIDetectOrientationScript": (ctypes.c_bool, [p, ip, fp, ctypes.POINTER(c), fp]),
        "TessBaseAPIClear": (None, [p]),
        "TessDeleteText": (None, [p]),
        "TessMonitorCreate": (p, []),
        "TessMonitorDelete": (None, [p]),
        "TessMonitorSetDeadlineMSecs": (None, [p, i]),
    }
    try:
        for fname, (restype, argtypes) in signatures.items():
            fn = getattr(lib, fname)
            fn.restype, fn.argtypes = restype, argtypes
    except AttributeError:  # an old library without the C API we use
        return None
    return lib


_use_command = False  # OCR_TESSERACT_PROCESS: the settings put it here at start (bot/cli.py)


def configure(*, command: bool) -> bool:
    """Run the `tesseract` command per call (True) or the library in-process; returns the old."""
    global _use_command
    previous, _use_command = _use_command, command
    return previous


def available() -> bool:
    return not _use_command and _lib() is not None


class _Model:
    """One initialised TessBaseAPI for one language, owned by one thread."""

    def __init__(self, language: str) -> None:
        self.lib = lib = _lib()
        self.handle = lib.TessBaseAPICreate()
        oem = 3 if language == "osd" else _OEM_LSTM_ONLY  # the OSD model has no LSTM
        if lib.TessBaseAPIInit2(self.handle, None, language.encode(), oem) != 0:
            lib.TessBaseAPIDelete(self.handle)
            raise RuntimeError(f"tesseract could not load {language!r}")

        _alive.add(self)

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "handle", None):
            self.lib.TessBaseAPIDelete(self.handle)
            self.handle = None

    def set_image(self, img: Image.Image) -> None:
        gray = img if img.mode == "L" else img.convert("L")
        self._data = gray.tobytes()  # kept alive until the next image; Tesseract copies it anyway
        lib = _lib()
        lib.TessBaseAPISetImage(self.handle, self._data, gray.width, gray.height, 1, gray.width)
        lib.TessBaseAPISetSourceResolution(self.handle, RESOLUTION)


_local = threading.local()
_alive: weakref.WeakSet[_Model] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """Free the models before the library's own static objects go (else it reports leaks)."""
    for model in list(_alive):
        model.close()


def _model(language: str) -> _Model:
    models: dict[str, _Model] = _local.__dict__.setdefault("models", {})
    if language not in models:
        models[language] = _Model(language)
    return models[language]


def tsv(img: Image.Image, language: str, psm: int, variables: dict[str, str]) -> str:
    """What `tesseract IMAGE - -l LANGUAGE --psm PSM tsv` prints, header line excepted."""
    lib = _lib()
    model = _model(language)
    for name, value in variables.items():
        lib.TessBaseAPISetVariable(model.handle, name.encode(), value.encode())
    lib.TessBaseAPISetPageSegMode(model.handle, psm)
    model.set_image(img)
    monitor = lib.TessMonitorCreate()
    try:
        lib.TessMonitorSetDeadlineMSecs(monitor, DEADLINE_MS)
        if lib.TessBaseAPIRecognize(model.handle, monitor) != 0:
            return ""
        raw = lib.TessBaseAPIGetTsvText(model.handle, 0)
        if not raw:
            return ""
        try:
            return ctypes.string_at(raw).decode("utf-8", "replace")
        finally:
            lib.TessDeleteText(raw)
    finally:
        lib.TessMonitorDelete(monitor)
        lib.TessBaseAPIClear(model.handle)


def osd(img: Image.Image, min_characters: int = 10) -> tuple[int, float] | None:
    """(degrees clockwise that make the text upright, confidence), or None when too little text."""
    lib = _lib()
    model = _model("osd")
    lib.TessBaseAPISetVariable(model.handle, b"min_characters_to_try", str(min_characters).encode())
    lib.TessBaseAPISetPageSegMode(model.handle, 0)
    model.set_image(img)
    degrees, confidence = ctypes.c_int(0), ctypes.c_float(0.0)
    script, script_conf = ctypes.c_char_p(), ctypes.c_float(0.0)
    try:
        found = lib.TessBaseAPIDetectOrientationScript(
            model.handle,
            ctypes.byref(degrees),
            ctypes.byref(confidence),
            ctypes.byref(script),
            ctypes.byref(script_conf),
        )
    finally:
        lib.TessBaseAPIClear(model.handle)
    if not found:
        return None
    # the API gives the page's rotation; `tesseract --psm 0` prints the turn that undoes it
    return (360 - degrees.value) % 360, float(confidence.value)
