"""The trade chapter's figures: flows, composition, growth path and range, mirror records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analysis.book.trade import (
    implied_cagr,
    implied_growth_grid,
    implied_growth_range,
    implied_path,
    implied_start_level,
    share_value,
    trade_balance,
)
from analysis.display.plotting import OKABE_ITO, new_figure

__all__ = ["flows_figure", "composition_figure", "growth_path_figure", "mirror_figure", "growth_range_figure",
           "aid_front_loading_figure"]


_SOURCE_NOTE = "Source: {}."



def _note(fig, text: str) -> None:
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8.5, color="#444444")



def flows_figure(imports: float, exports: float, total: float, year: int = 2019):
    """Bar chart of Russia's 2019 imports, exports, their sum, the stated total and the balance."""

    fig, ax = new_figure(9, 5.0)
    labels = ["Russia's imports\nfrom Cambodia", "Russia's exports\nto Cambodia", "sum of the\ntwo flows",
              "stated total\n(\"about\")", "balance\n(Russia's side)"]
    bal = trade_balance(exports, imports)
    vals = [imports, exports, imports + exports, total, bal]
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["black"],
               OKABE_ITO["vermillion"]]
    bars = ax.bar(labels, vals, color=colours)
    for b, v in zip(bars, vals):
        ax.annotate(f"{v:,.1f}", (b.get_x() + b.get_width() / 2, v), xytext=(0, 3 if v >= 0 else -12),
                    textcoords="offset points", ha="center", fontsize=10)
    ax.axhline(0, color="#333333", lw=0.8)
    ax.set_ylabel("USD million")
    ax.set_ylim(bal * 1.25, max(vals) * 1.15)
    ax.set_title(f"In {year} Russia bought {imports / exports:.1f} times what it sold to Cambodia:\n"
                 f"a deficit of USD {-bal:,.1f} million on its own records")
    fig.subplots_adjust(bottom=0.22)
    _note(fig, _SOURCE_NOTE.format("interview, I19–I20, citing the Russian Federal Customs Service "
                                   "(Russian data); sum and balance computed"))
    return fig



def composition_figure(imports: float, textile_share: tuple[float, float, float], exports: float):
    """Two bars: Russia's imports split into the range "about 90 %" allows and the rest; exports.

    ``textile_share`` is (value, low, high) in percent. The textile part is drawn as a range, not
    a point: solid up to the low end, hatched from the low to the high end, because "about 90 %"
    is rounded and because the customs group it most plausibly names (textiles and footwear)
    holds shoes as well as garments.
    """

    pct, lo, hi = textile_share
    tex = share_value(imports, pct, (lo, hi))
    row = ["Russia's imports\nfrom Cambodia"]
    fig, ax = new_figure(9, 4.8)
    ax.barh(row, [tex["low"]], color=OKABE_ITO["reddish_purple"],
            label=f"textiles and footwear, at least\n({lo:g} %): {tex['low']:.1f}")
    ax.barh(row, [tex["high"] - tex["low"]], left=[tex["low"]], color="white", edgecolor=OKABE_ITO["reddish_purple"],
            hatch="///", lw=1.2, label=f"range of \"about {pct:g} %\"\n({lo:g}–{hi:g} %): up to {tex['high']:.1f}")
    ax.barh(row, [imports - tex["high"]], left=[tex["high"]], color=OKABE_ITO["sky_blue"],
            label="leather (\"tanning\") and\nother goods, at least")
    ax.barh(["Russia's exports\nto Cambodia"], [exports], color=OKABE_ITO["orange"],
            label="Russia's exports: machinery, vehicles\nand other goods (no split given)")
    ax.set_xlabel("USD million, 2019")
    ax.set_xlim(0, imports * 1.05)
    ax.set_title(f"\"About {pct:g} %\" puts the goods it names at USD {tex['low']:.0f}–{tex['high']:.0f} million;\n"
                 f"garments alone, or with shoes and leather: the interview does not say")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, fontsize=9)
    fig.subplots_adjust(bottom=0.47, left=0.18, top=0.87)
    _note(fig, _SOURCE_NOTE.format("interview, I20–I21 (Russian customs data as cited); range computed "
                                   "as share × imports"))
    return fig



def growth_path_figure(end_value: float, end_year: int, reported: Mapping[int, tuple[float, str]],
                       multiple: float = 7, years: float = 10,
                       multiple_range: tuple[float, float] = (6.5, 7.5),
                       years_range: tuple[float, float] = (9, 11),
                       record: Mapping[int, tuple[float, str]] | None = None):
    """The constant-growth path implied by "seven times lower a decade ago", with its rounding band,
    against the other reported years (``reported``: year → (USD million, label)) and the record's
    figures near the base year (``record``: year → (USD million, label)).

    The band starts in the same year as the path: each corner (multiple, span) is the constant
    growth that turns its start level into ``end_value``, extended to the path's first year.
    """

    fig, ax = new_figure(9, 5.2)
    base = implied_path(end_value, end_year, multiple, years)
    band_years = [int(y) for y in base.index]

    def corner(m, y, yr):
        return end_value / (1 + implied_cagr(m, y)) ** (end_year - yr)

    corners = [(m, y) for m in multiple_range for y in years_range]
    lo = [min(corner(m, y, yr) for m, y in corners) for yr in band_years]
    hi = [max(corner(m, y, yr) for m, y in corners) for yr in band_years]
    ax.fill_between(band_years, lo, hi, color=OKABE_ITO["sky_blue"], alpha=0.35, lw=0,
                    label=f"rounding band: {multiple_range[0]:g}–{multiple_range[1]:g} times over "
                          f"{years_range[0]:g}–{years_range[1]:g} years")
    ax.plot(base.index, base.values, color=OKABE_ITO["blue"], lw=2,
            label=f"{multiple:g} times over {years:g} years: {implied_cagr(multiple, years):.1%} a year")
    markers = ["o", "s", "D", "^"]
    for i, (yr, (val, lab)) in enumerate(sorted(reported.items())):
        ax.scatter([yr], [val], color=OKABE_ITO["vermillion"], marker=markers[i % 4], zorder=5, s=45,
                   label=f"{yr}: {val:,.1f} ({lab})")
    for i, (yr, (val, lab)) in enumerate(sorted((record or {}).items(), key=lambda kv: kv[1][0])):
        ax.scatter([yr], [val], facecolor="none", edgecolor=OKABE_ITO["black"], marker=["v", "P", "X"][i % 3],
                   zorder=6, s=70, lw=1.4, label=f"{yr}: {val:,.1f} ({lab})")
    ax.set_xlabel("year")
    ax.set_ylabel("bilateral trade, USD million")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if record:
        top = max(v for v, _ in record.values())
        ax.set_title(f"The Russian ambassador's figure (year inferred), USD {top:,.0f} million, puts trade {end_value / top:.1f} "
                     f"times lower,\nnot seven; later years near the path test only recent growth")
    else:
        ax.set_title("The later reported years lie near the implied path,\nwhich is pinned to the last year's total")
    ax.legend(fontsize=8.5, loc="upper left")
    fig.subplots_adjust(bottom=0.16)
    _note(fig, _SOURCE_NOTE.format("path computed from the interview, I19; Cambodia Daily (2015), TASS (2018), "
                                   "VietnamPlus (year inferred): Russian data; the open marks: the record, see the text"))
    return fig



def aid_front_loading_figure(periods, average: float | None = None):
    """Soviet economic aid per year in each period of the plan (bars as wide as their periods).

    ``periods`` is :func:`analysis.book.trade.soviet_aid_by_period`; ``average`` (million roubles
    a year) is drawn as the flat line a constant "annual allocation" would give.
    """

    fig, ax = new_figure(9, 4.6)
    colours = [OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"]]
    for i, r in enumerate(periods.itertuples()):
        ax.bar(r.year_from - 0.5, r.per_year, width=r.years, align="edge", color=colours[i % 3],
               edgecolor="white", label=f"{r.period}: {r.roubles:,.0f} million roubles, {r.share:.0%} of the plan")
        ax.annotate(f"{r.per_year:,.1f} a year", (r.year_from - 0.5 + r.years / 2, r.per_year), xytext=(0, 4),
                    textcoords="offset points", ha="center", fontsize=10)
    if average is not None:
        ax.axhline(average, color=OKABE_ITO["black"], ls="--", lw=1.2,
                   label=f"the same plan spread evenly: {average:,.1f} a year")
    ax.set_xlabel("year")
    ax.set_ylabel("Soviet economic aid,\nmillion roubles a year")
    ax.set_ylim(0, periods["per_year"].max() * 1.2)
    first = periods.iloc[0]
    ax.set_title(f"Soviet economic aid was front-loaded: {first.share:.0%} of the 1979–90 plan\n"
                 f"came in {first.period}, not as an even yearly allocation")
    ax.legend(fontsize=9, loc="upper right")
    fig.subplots_adjust(bottom=0.17, left=0.12)
    _note(fig, _SOURCE_NOTE.format("Library of Congress country study (Soviet figures made public in "
                                   "November 1987); per-year rates computed"))
    return fig



def mirror_figure(table):
    """Grouped bars: Russia's record against Cambodia's for each flow of :func:`mirror_table`."""

    fig, ax = new_figure(9, 4.6)
    x = list(range(len(table)))
    w = 0.38
    ax.bar([i - w / 2 for i in x], table["russian_record"], w, color=OKABE_ITO["blue"],
           label="Russia's record (Federal Customs Service, via the interview)")
    ax.bar([i + w / 2 for i in x], table["cambodian_record"], w, color=OKABE_ITO["orange"],
           label="Cambodia's record, trade with the whole EAEU (Ministry of Commerce, via Phnom Penh Post)")
    for i, r in zip(x, table.itertuples()):
        ax.annotate(f"× {r.ratio:.1f}", (i, max(r.russian_record, r.cambodian_record)),
                    xytext=(0, 6), textcoords="offset points", ha="center", fontsize=11, fontweight="bold")
    ax.set_xticks(x, [f"{r.flow}\n{r.year}" for r in table.itertuples()])
    ax.set_ylabel("USD million")
    ax.set_ylim(0, table[["russian_record", "cambodian_record"]].to_numpy().max() * 1.2)
    ratio = table.loc[table["flow"].str.startswith("Cambodian goods"), "ratio"]
    head = f"{ratio.iloc[0]:.1f} times" if len(ratio) else "several times"
    fig.set_size_inches(9, 5.6)
    ax.set_title(f"Russia records {head} the imports from Cambodia that Cambodia\n"
                 f"records as exports to the whole Eurasian Economic Union")
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1)
    fig.subplots_adjust(bottom=0.36, top=0.86)
    _note(fig, "Sources: Russian Federal Customs Service as cited in the interview (I20); Cambodian Ministry of\n"
               "Commerce as reported by the Phnom Penh Post. Ratio = Russian record ÷ Cambodian record.")
    return fig



def growth_range_figure(end_value: float, multiples: Iterable[float] = (6.5, 7, 7.5),
                        spans: Iterable[float] = range(8, 13), default: tuple[float, float] = (7, 10),
                        multiple_range: tuple[float, float] = (6.5, 7.5),
                        years_range: tuple[float, float] = (9, 11)):
    """Static companion of the explorer: implied CAGR against the span, one line per multiple.

    The title states the range over ``multiple_range`` × ``years_range``; the lines run over
    ``spans`` so that a reader sees what a looser reading of "a decade" would do.
    """

    grid = implied_growth_grid(end_value, multiples, spans)
    fig, ax = new_figure(9, 4.4)
    colours = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"]]
    for i, (m, g) in enumerate(grid.groupby("multiple")):
        ax.plot(g["years"], g["cagr"] * 100, marker="o", color=colours[i % 4],
                label=f"{m:g} times lower (2009 level {implied_start_level(end_value, m):.1f})")
    dm, dy = default
    c = implied_cagr(dm, dy)
    ax.scatter([dy], [c * 100], s=140, facecolor="none", edgecolor="black", lw=1.5, zorder=5,
               label=f"default reading: {c:.1%} a year")
    ax.set_xlabel("span of \"a decade\", years")
    ax.set_ylabel("implied growth, % a year")
    rng = implied_growth_range(end_value, dm, dy, multiple_range, years_range)
    ax.axvspan(years_range[0], years_range[1], color="#eeeeee", zorder=0, label="9–11 years read as \"a decade\""
               if tuple(years_range) == (9, 11) else "span range")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Read as {multiple_range[0]:g}–{multiple_range[1]:g} times over {years_range[0]:g}–{years_range[1]:g} "
                 f"years,\nthe claim implies growth of {rng['cagr_low']:.1%}–{rng['cagr_high']:.1%} a year")
    ax.legend(fontsize=9)
    fig.subplots_adjust(bottom=0.2)
    _note(fig, "Source: computed from the interview, I19 (\"about USD$246 million\", \"seven times lower\", "
               "\"a decade ago\"); levels in USD million.")
    return fig
