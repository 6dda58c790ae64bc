"""The managers' figures as one picture: leads per rep per week, completeness per field, the
customer funnel and the duplicates, labelled in the reader's language.

Pure: figures in, PNG bytes out. matplotlib's object API on the Agg canvas (no pyplot, no
display, no global figure registry), so it runs in the worker thread that handles the update;
one lock around rendering, because matplotlib's font and text caches are shared.
"""

from __future__ import annotations

import io
import logging
import threading
from contextlib import AbstractContextManager
from typing import Any

from bot.i18n import t

log = logging.getLogger(__name__)

# Noto Sans CJK SC draws Latin and Chinese alike (fonts-noto-cjk); DejaVu Sans, which matplotlib
# ships, is the fallback when it is missing (Chinese labels would then show as boxes).
FONTS = ["Noto Sans CJK SC", "DejaVu Sans"]
COLOURS = ["#2f6db5", "#e07b39", "#3a9d5d", "#c8423b", "#8a63b8", "#8c6d46", "#7f7f7f"]
TOP_REPS = 6  # reps drawn by name; the rest are summed as "others"
_LOCK = threading.Lock()


def render(figures: dict[str, Any], lang: str) -> bytes:
    """A 2x2 chart (PNG, 1200x900) of `figures` as reports.collect_figures returns them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    with _LOCK:
        layout = ConstrainedLayoutEngine(w_pad=0.15, h_pad=0.15)
        figure = Figure(figsize=(12, 9), dpi=100, layout=layout)
        FigureCanvasAgg(figure)
        with _font_context():
            weekly, fields, funnel, dupes = figure.subplots(2, 2).flat
            _weekly(weekly, figures["weekly"], lang)
            _completeness(fields, figures["completeness"], lang)
            _funnel(funnel, figures["funnel"], lang)
            _duplicates(dupes, figures["duplicates"], lang)
            figure.suptitle(t(lang, "chart.title", total=f"{figures['total']:,}"), fontsize=16)
            out = io.BytesIO()
            figure.savefig(out, format="png")
    return out.getvalue()


def _font_context() -> AbstractContextManager[None]:
    from matplotlib import rc_context

    return rc_context({"font.family": FONTS, "axes.spines.top": False,
                       "axes.spines.right": False, "font.size": 11})  # fmt: skip


def _weekly(ax: Any, weekly: dict[str, Any], lang: str) -> None:
    """Stacked bars: one bar a week, one colour a rep (the busiest by name)."""
    weeks: list[str] = weekly["weeks"]
    per_rep: dict[str, list[int]] = weekly["reps"]
    ranked = sorted(per_rep.items(), key=lambda item: -sum(item[1]))
    shown = ranked[:TOP_REPS]
    rest = [sum(column) for column in zip(*(c for _, c in ranked[TOP_REPS:]), strict=False)]
    if rest:
        shown.append((t(lang, "chart.others"), rest))
    bottom = [0] * len(weeks)
    for i, (name, counts) in enumerate(shown):
        ax.bar(weeks, counts, bottom=bottom, label=name, color=COLOURS[i % len(COLOURS)])
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_title(t(lang, "chart.weekly"))
    ax.set_ylabel(t(lang, "chart.leads"))
    ax.tick_params(axis="x", labelrotation=30)
    _counts_axis(ax)
    if shown:  # beside the bars, never over them
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        _nothing(ax, lang)


def _completeness(ax: Any, completeness: dict[str, int], lang: str) -> None:
    from bot import registry  # custom fields have their labels there

    labels = [registry.current().label(f, lang) for f in completeness]
    values = list(completeness.values())
    bars = ax.barh(labels, values, color=COLOURS[0])
    ax.bar_label(bars, labels=[f"{v}%" for v in values], padding=3, fontsize=10)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_title(t(lang, "chart.completeness"))


def _funnel(ax: Any, funnel: dict[str, int], lang: str) -> None:
    labels = [t(lang, f"chart.funnel.{stage}") for stage in funnel]
    values = list(funnel.values())
    bars = ax.bar(labels, values, color=COLOURS[2 : 2 + len(values)] or COLOURS[2])
    ax.bar_label(bars, labels=[f"{v:,}" for v in values], padding=2, fontsize=10)
    _counts_axis(ax)
    ax.set_title(t(lang, "chart.funnel"))


def _duplicates(ax: Any, duplicates: dict[str, int], lang: str) -> None:
    labels = [t(lang, f"chart.dupes.{status}") for status in duplicates]
    values = list(duplicates.values())
    bars = ax.bar(labels, values, color=[COLOURS[3], COLOURS[2], COLOURS[6]][: len(values)])
    ax.bar_label(bars, labels=[f"{v:,}" for v in values], padding=2, fontsize=10)
    _counts_axis(ax)
    ax.set_title(t(lang, "chart.duplicates"))


def _counts_axis(ax: Any) -> None:
    """Counts start at 0, are whole, and read 1,000,000 rather than 1e6."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    _, top = ax.get_ylim()
    ax.set_ylim(0, max(top, 1))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v):,}"))


def _nothing(ax: Any, lang: str) -> None:
    ax.text(0.5, 0.5, t(lang, "chart.none"), ha="center", va="center", transform=ax.transAxes)
