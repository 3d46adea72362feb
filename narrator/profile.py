"""Read an occupation profile file into a validated, immutable Profile.

A profile is a TOML file: one occupation's metrics, as an editor would type them. Every field is
optional except ``title``. Numbers are read as :class:`~decimal.Decimal`, so what the file says is
what the article prints. Percentages are written in percent points (``51`` means 51%).

A value that cannot be right (a share over 100, a salary range whose low end exceeds its high
end, an unknown key) raises :class:`~narrator.errors.ProfileError` naming the file, the line,
the field and the value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import ProfileError
from .slugs import slug_problem, slugify

TIME_UNITS = ("weeks", "months", "years")


def _reduce_positional(self: Any) -> tuple[type, tuple[Any, ...]]:
    # Rebuilding from positional arguments unpickles frozen dataclasses several times faster
    # than dataclasses' generic __setstate__; the profile cache relies on it.
    return type(self), tuple(getattr(self, name) for name in self.__slots__)


class AtLeast(Decimal):
    """A top-coded figure: the true value is this or more.

    BLS does not publish wages above a ceiling ($239,200 a year, $115.00 an hour); a profile
    writes such a value as ``{ at_least = 239200 }``. It behaves as its bound in arithmetic,
    but formatting says "or more" and comparisons never claim more than the bound supports.

    >>> AtLeast(239200) > 150000, isinstance(AtLeast(1), Decimal)
    (True, True)
    """

    __slots__ = ()


# No occupation metric comes near this; larger values are typing slips, and refusing them keeps
# every later calculation inside Decimal's default precision.
LARGEST_NUMBER = Decimal(10) ** 12

# Fields whose value may be top-coded.
MAY_BE_TOP_CODED = frozenset(
    {"yearly_salary", "hourly_rate", "median_salary", "salary_range.low", "salary_range.high"}
)
_MONTHS_PER_UNIT = {"weeks": Decimal(12) / Decimal(52), "months": Decimal(1), "years": Decimal(12)}


@dataclass(frozen=True, slots=True)
class Duration:
    """How long it takes to become something: a range in one unit, e.g. 6–12 months.

    ``job_zone`` is the O*NET Job Zone the range stands for, from the profile's ``job_zone``
    field: the zone (``(3, 3)``), or the lowest and highest of merged ones (``(2, 3)``). Such a
    range is the zone's preparation level read as time, and articles name the zone instead.
    """

    __reduce__ = _reduce_positional

    low: Decimal
    high: Decimal
    unit: str
    job_zone: tuple[int, int] | None = field(default=None, compare=False)

    def months(self) -> tuple[Decimal, Decimal]:
        """The range in months, so durations in different units compare."""
        factor = _MONTHS_PER_UNIT[self.unit]
        return self.low * factor, self.high * factor


@dataclass(frozen=True, slots=True)
class Range:
    """A low–high pair, e.g. a salary range from the 10th to the 90th percentile."""

    __reduce__ = _reduce_positional

    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class Share:
    """A named share of a whole, in percent points: ``Share("Bachelor's degree", 51)``.

    The share may be unknown (a most common degree whose share was not published).
    """

    __reduce__ = _reduce_positional

    name: str
    share: Decimal | None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a profile's figures come from."""

    __reduce__ = _reduce_positional

    name: str
    release: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FieldSource:
    """Where some of a profile's fields come from, when not from its main ``source``.

    ``note`` says how the figures were joined to the occupation (which O*NET codes were
    merged, which survey group the figures belong to).
    """

    __reduce__ = _reduce_positional

    name: str
    release: str | None
    url: str | None
    fields: tuple[str, ...]
    note: str | None = None
    license: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """One occupation's validated data. Only ``title`` is required."""

    __reduce__ = _reduce_positional

    title: str
    slug: str
    soc_code: str | None = None
    time_to_become: Duration | None = None
    top_skills: tuple[str, ...] = ()
    yearly_salary: Decimal | None = None
    hourly_rate: Decimal | None = None
    median_salary: Decimal | None = None
    growth_rate: Decimal | None = None
    number_of_jobs: Decimal | None = None
    job_satisfaction: Decimal | None = None
    most_common_degree: Share | None = None
    average_age: Decimal | None = None
    years_of_experience: Decimal | None = None
    description: str | None = None
    salary_range: Range | None = None
    highest_paying_city: str | None = None
    highest_paying_state: str | None = None
    best_paying_company: str | None = None
    best_paying_industry: str | None = None
    most_common_major: str | None = None
    most_common_college: str | None = None
    gender_ratio: tuple[Share, ...] = ()
    race_ratio: tuple[Share, ...] = ()
    lgbt_share: Decimal | None = None
    # Figures from the Employment Projections, O*NET and the Current Population Survey.
    annual_openings: Decimal | None = None
    self_employed_share: Decimal | None = None
    entry_education: str | None = None
    experience_required: str | None = None
    on_the_job_training: str | None = None
    education_levels: tuple[Share, ...] = ()
    education_broader_group: bool = False
    tools: tuple[str, ...] = ()
    top_industries: tuple[Share, ...] = ()
    median_age: Decimal | None = None
    women_share: Decimal | None = None
    hispanic_share: Decimal | None = None
    survey_group: str | None = None
    alternate_titles: tuple[str, ...] = ()
    title_forms: Mapping[str, str] = field(default_factory=dict)
    source: Source | None = None
    sources: tuple[FieldSource, ...] = ()
    path: str | None = field(default=None, compare=False)

    def get(self, name: str) -> Any:
        """The value of a field by name, for code that walks fields generically."""
        return getattr(self, name)

    def source_of(self, name: str) -> Source | FieldSource | None:
        """Where one field's value comes from: its own source, else the profile's."""
        for source in self.sources:
            if name in source.fields:
                return source
        return self.source


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Profile) if f.name != "path")
#: A profile file's keys: the fields, and ``job_zone`` of ``time_to_become`` (Duration.job_zone).
FILE_KEYS: tuple[str, ...] = (*FIELD_NAMES, "job_zone")


# --- reading ----------------------------------------------------------------------------------


def load_profile(path: str | Path) -> Profile:
    """Read and validate one profile file.

    Raises ProfileError naming the file (and line, field and value where they are known).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"cannot read file: {exc.strerror}", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise ProfileError("file is not UTF-8 text", file=str(path)) from exc
    return parse_profile(text, str(path))


# Fields that hold prose (several lines allowed); every other text is one line.
_PROSE_FIELDS = frozenset({"description"})
_TITLE_LIMIT = 150  # characters: a page's slug of two titles must fit a file name


def parse_profile(text: str, file: str = "<profile>") -> Profile:
    """Validate the text of a profile file and build the Profile.

    >>> parse_profile('title = "Account Specialist"\\nyearly_salary = 42586').yearly_salary
    Decimal('42586')
    """
    import tomllib  # a warm run takes validated profiles from the cache, without parsing TOML

    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"not valid TOML: {exc}", file=file) from exc
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ProfileError(f"not a usable number: {exc}", file=file) from exc
    except RecursionError as exc:
        raise ProfileError("arrays or tables nested too deep to read", file=file) from exc
    return _Reader(data, text, file).profile()


class _Reader:
    """Checks one parsed profile file field by field, so errors can name the line."""

    def __init__(self, data: dict[str, Any], text: str, file: str) -> None:
        self.data = data
        self.raw_text = text
        self.file = file

    def fail(self, name: str, message: str, value: object = None) -> ProfileError:
        return ProfileError(
            message, file=self.file, field=name, value=value, line=self._line_of(name)
        )

    def _line_of(self, name: str) -> int | None:
        # tomllib gives no positions for values; a key's first "key =" (or "[key]") line is
        # where an editor should look.
        key = re.escape(name.split(".")[-1])
        pattern = re.compile(rf'^[ \t]*(?:\[\s*{key}\s*\]|"?{key}"?\s*=)', re.MULTILINE)
        match = pattern.search(self.raw_text)
        return self.raw_text.count("\n", 0, match.start()) + 1 if match else None

    def profile(self) -> Profile:
        unknown = [key for key in self.data if key not in FILE_KEYS]
        if unknown:
            import difflib

            key = unknown[0]
            close = difflib.get_close_matches(key, FILE_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise self.fail(key, f"unknown field{hint}")
        title = self.text_field("title", required=True)
        assert title is not None
        slug = self.text_field("slug") or slugify(title)
        if not slug:
            raise self.fail(
                "title", "has no letters or digits to make a URL slug from; add a slug field", title
            )
        problem = slug_problem(slug)  # a title's slug can only have the pair's word
        if problem:
            raise self.fail("slug" if "slug" in self.data else "title", problem, slug)
        salary_range = self.range_field("salary_range")
        soc_code = self.text_field("soc_code")
        if soc_code is not None and not re.fullmatch(r"\d\d-\d{4}", soc_code):
            raise self.fail("soc_code", "must be a SOC code such as 13-2072", soc_code)
        return Profile(
            title=title,
            slug=slug,
            soc_code=soc_code,
            time_to_become=self.job_zone(self.duration_field("time_to_become")),
            top_skills=self.text_list("top_skills"),
            yearly_salary=self.number("yearly_salary", minimum=0),
            hourly_rate=self.number("hourly_rate", minimum=0),
            median_salary=self.number("median_salary", minimum=0),
            growth_rate=self.number("growth_rate", minimum=-100),
            number_of_jobs=self.number("number_of_jobs", minimum=0, integral=True),
            job_satisfaction=self.number("job_satisfaction", minimum=0, maximum=5),
            most_common_degree=self.share_field("most_common_degree"),
            average_age=self.number("average_age", minimum=14, maximum=100),
            years_of_experience=self.number("years_of_experience", minimum=0, maximum=80),
            description=self.text_field("description"),
            salary_range=salary_range,
            highest_paying_city=self.text_field("highest_paying_city"),
            highest_paying_state=self.text_field("highest_paying_state"),
            best_paying_company=self.text_field("best_paying_company"),
            best_paying_industry=self.text_field("best_paying_industry"),
            most_common_major=self.text_field("most_common_major"),
            most_common_college=self.text_field("most_common_college"),
            gender_ratio=self.ratio_field("gender_ratio"),
            race_ratio=self.ratio_field("race_ratio"),
            lgbt_share=self.number("lgbt_share", minimum=0, maximum=100),
            annual_openings=self.number("annual_openings", minimum=0, integral=True),
            self_employed_share=self.number("self_employed_share", minimum=0, maximum=100),
            entry_education=self.text_field("entry_education"),
            experience_required=self.text_field("experience_required"),
            on_the_job_training=self.text_field("on_the_job_training"),
            education_levels=self.ratio_field("education_levels"),
            education_broader_group=self.flag("education_broader_group"),
            tools=self.text_list("tools"),
            top_industries=self.ratio_field("top_industries"),
            median_age=self.number("median_age", minimum=14, maximum=100),
            women_share=self.number("women_share", minimum=0, maximum=100),
            hispanic_share=self.number("hispanic_share", minimum=0, maximum=100),
            survey_group=self.text_field("survey_group"),
            alternate_titles=self.text_list("alternate_titles"),
            title_forms=self.title_forms(),
            source=self.source_field(),
            sources=self.field_sources(),
            path=self.file,
        )

    # --- field kinds ---------------------------------------------------------------------

    def text_field(self, name: str, *, required: bool = False) -> str | None:
        raw = self.data.get(name)
        if raw is None:
            if required:
                raise ProfileError("is required", file=self.file, field=name)
            return None
        return self.text(name, raw)

    def text(self, name: str, raw: Any) -> str:
        """Check one text value; runs of whitespace in one-line text collapse to one space."""
        if not isinstance(raw, str):
            raise self.fail(name, "must be text", raw)
        if not " ".join(raw.split()).isprintable():
            # Control and format characters (ESC, NUL, bidi overrides) would reach terminals,
            # pages and feeds as they are: prose may break lines, nothing more.
            what = "text" if name in _PROSE_FIELDS else "one line"
            raise self.fail(name, f"must be {what} without control characters", raw)
        if name not in _PROSE_FIELDS and ("\n" in raw or "\r" in raw):
            raise self.fail(name, "must be one line of text", raw)
        if name == "title" and len(raw) > _TITLE_LIMIT:
            raise self.fail(name, f"must be at most {_TITLE_LIMIT} characters", raw[:40] + "…")
        cleaned = " ".join(raw.split()) if "\n" not in raw.strip() else raw.strip()
        if not cleaned:
            raise self.fail(name, "must not be empty; leave the field out when it is unknown", raw)
        if "{{" in cleaned or "{%" in cleaned or "{#" in cleaned:
            raise self.fail(name, "must not contain template syntax", raw)
        return cleaned

    def text_list(self, name: str) -> tuple[str, ...]:
        raw = self.data.get(name)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(name, "must be a list of text", raw)
        items = [self.text(name, item) for item in raw]
        if len(set(items)) != len(items):
            raise self.fail(name, "lists the same item twice", raw)
        return tuple(items)

    def number(
        self,
        name: str,
        *,
        value: Any = None,
        minimum: int | None = None,
        maximum: int | None = None,
        integral: bool = False,
    ) -> Decimal | None:
        raw = self.data.get(name) if value is None else value
        if raw is None:
            return None
        if isinstance(raw, dict) and name in MAY_BE_TOP_CODED:
            if set(raw) != {"at_least"}:
                raise self.fail(name, "a top-coded value is written { at_least = NUMBER }", raw)
            bound = self.number(name, value=raw["at_least"], minimum=minimum, maximum=maximum)
            if bound is None:
                raise self.fail(name, "a top-coded value needs a number", raw)
            return AtLeast(bound)
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            raise self.fail(name, "must be a number", raw)
        number = Decimal(raw)
        if not number.is_finite() or (isinstance(raw, float) and not math.isfinite(raw)):
            raise self.fail(name, "must be a finite number", str(raw))
        if abs(number) > LARGEST_NUMBER:
            raise self.fail(name, "is too large to be a real figure", str(raw))
        if integral and number != number.to_integral_value():
            raise self.fail(name, "must be a whole number", str(raw))
        if minimum is not None and number < minimum:
            raise self.fail(name, f"must be at least {minimum}", str(raw))
        if maximum is not None and number > maximum:
            raise self.fail(name, f"must be at most {maximum}", str(raw))
        return number

    def table(self, name: str, keys: set[str], required: set[str]) -> dict[str, Any] | None:
        raw = self.data.get(name)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise self.fail(name, f"must be a table with {', '.join(sorted(keys))}", raw)
        for key in raw:
            if key not in keys:
                raise self.fail(f"{name}.{key}", f"unknown key; expected {', '.join(sorted(keys))}")
        for key in sorted(required):
            if key not in raw:
                raise self.fail(f"{name}.{key}", "is required")
        return raw

    def range_field(self, name: str) -> Range | None:
        raw = self.table(name, {"low", "high"}, {"low", "high"})
        return None if raw is None else Range(*self.low_high(name, raw))

    def duration_field(self, name: str) -> Duration | None:
        raw = self.table(name, {"low", "high", "unit"}, {"low", "high", "unit"})
        if raw is None:
            return None
        low, high = self.low_high(name, raw)
        if raw["unit"] not in TIME_UNITS:
            units = ", ".join(TIME_UNITS)
            raise self.fail(f"{name}.unit", f"must be one of {units}", raw["unit"])
        return Duration(low, high, raw["unit"])

    def low_high(self, name: str, raw: dict[str, Any]) -> tuple[Decimal, Decimal]:
        low = self.number(f"{name}.low", value=raw["low"], minimum=0)
        high = self.number(f"{name}.high", value=raw["high"], minimum=0)
        assert low is not None and high is not None
        if low > high:
            raise self.fail(name, "low is greater than high", f"{low}–{high}")
        return low, high

    def job_zone(self, duration: Duration | None) -> Duration | None:
        """``time_to_become`` with its O*NET Job Zone, from ``job_zone = 4`` (one zone) or
        ``job_zone = { low = 2, high = 3 }`` (merged codes' zones), which need that range."""
        raw = self.data.get("job_zone")
        if raw is None:
            return duration
        low = high = raw
        if isinstance(raw, dict):
            self.table("job_zone", {"low", "high"}, {"low", "high"})  # both, and nothing else
            low, high = raw["low"], raw["high"]
        if not all(type(zone) is int and 1 <= zone <= 5 for zone in (low, high)):
            shown = str(raw) if isinstance(raw, Decimal) else raw
            raise self.fail("job_zone", "must be a whole number 1 to 5, or { low, high }", shown)
        if low > high:
            raise self.fail("job_zone", "low is greater than high", f"{low}–{high}")
        if duration is None:
            raise self.fail("job_zone", "needs time_to_become, the range the zone stands for", raw)
        return Duration(duration.low, duration.high, duration.unit, (low, high))

    def share_field(self, name: str) -> Share | None:
        raw = self.table(name, {"name", "share"}, {"name"})
        if raw is None:
            return None
        label = self.text(f"{name}.name", raw["name"])
        share = self.number(f"{name}.share", value=raw.get("share"), minimum=0, maximum=100)
        return Share(label, share)

    def ratio_field(self, name: str) -> tuple[Share, ...]:
        raw = self.data.get(name)
        if raw is None:
            return ()
        if not isinstance(raw, dict) or not raw:
            raise self.fail(name, "must be a table of group = share in percent", raw)
        shares = []
        for group, value in raw.items():
            label = self.text(f"{name}.{group}", group)
            share = self.number(f"{name}.{group}", value=value, minimum=0, maximum=100)
            if share is None:
                raise self.fail(f"{name}.{group}", "must be a share in percent", value)
            shares.append(Share(label, share))
        total = sum(s.share or 0 for s in shares)
        if total > Decimal("100.5"):
            raise self.fail(name, "shares add up to more than 100%", str(total))
        return tuple(shares)

    def title_forms(self) -> dict[str, str]:
        # Imported here so that reading profiles does not need the grammar module's inflect.
        from .forms import OVERRIDE_KEYS

        raw = self.table("title_forms", set(OVERRIDE_KEYS), set())
        if raw is None:
            return {}
        return {
            key: self.text(f"title_forms.{key}", raw[key]) for key in OVERRIDE_KEYS if key in raw
        }

    def flag(self, name: str) -> bool:
        raw = self.data.get(name, False)
        if not isinstance(raw, bool):
            raise self.fail(name, "must be true or false", raw)
        return raw

    def field_sources(self) -> tuple[FieldSource, ...]:
        """``[[sources]]``: each names the fields it gives; a field has at most one."""
        raw = self.data.get("sources")
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise self.fail("sources", "must be [[sources]] tables", raw)
        keys = {"name", "release", "url", "fields", "note", "license"}
        found: list[FieldSource] = []
        given: set[str] = set()
        for item in raw:
            for key in item:
                if key not in keys:
                    raise self.fail(
                        f"sources.{key}", f"unknown key; expected {', '.join(sorted(keys))}"
                    )
            for key in ("name", "fields"):
                if key not in item:
                    raise self.fail(f"sources.{key}", "is required")
            names = self.text_list_value("sources.fields", item["fields"])
            for name in names:
                if name not in FILE_KEYS or name in ("title", "slug", "source", "sources"):
                    raise self.fail("sources.fields", "is not a profile field", name)
                if name in given:
                    raise self.fail("sources.fields", "has two sources", name)
                given.add(name)
            release, url, note = item.get("release"), item.get("url"), item.get("note")
            license = item.get("license")
            found.append(
                FieldSource(
                    self.text("sources.name", item["name"]),
                    self.text("sources.release", release) if release is not None else None,
                    self.text("sources.url", url) if url is not None else None,
                    names,
                    self.text("sources.note", note) if note is not None else None,
                    self.text("sources.license", license) if license is not None else None,
                )
            )
        return tuple(found)

    def text_list_value(self, name: str, raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list):
            raise self.fail(name, "must be a list of text", raw)
        return tuple(self.text(name, item) for item in raw)

    def source_field(self) -> Source | None:
        raw = self.table("source", {"name", "release", "url"}, {"name"})
        if raw is None:
            return None
        release, url = raw.get("release"), raw.get("url")
        return Source(
            self.text("source.name", raw["name"]),
            self.text("source.release", release) if release is not None else None,
            self.text("source.url", url) if url is not None else None,
        )


# --- writing ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, AtLeast):
        return {"at_least": _plain(Decimal(value))}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Share):
        return {"name": value.name, "share": _plain(value.share)}
    if isinstance(value, Duration):  # its Job Zone is a key of its own (profile_to_dict)
        return {"low": _plain(value.low), "high": _plain(value.high), "unit": value.unit}
    if isinstance(value, Range | Source | FieldSource):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """A profile as plain JSON-ready data, leaving out missing fields.

    >>> profile_to_dict(parse_profile('title = "Actuary"\\nhourly_rate = 20.79'))
    {'title': 'Actuary', 'slug': 'actuary', 'hourly_rate': 20.79}
    """
    data = {}
    for name in FIELD_NAMES:
        value = profile.get(name)
        if value is None or value == () or value == {} or value is False:
            continue
        data[name] = _plain(value)
        if isinstance(value, Duration) and value.job_zone is not None:
            low, high = value.job_zone
            data["job_zone"] = low if low == high else {"low": low, "high": high}
    return data
