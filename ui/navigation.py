"""The one table of pages: which page module exists, who may open it, and where it appears.

``streamlit_app.py`` builds ``st.navigation`` from this table on every rerun. Each row names a
page file ``ui/<module>.py``; a row whose file does not exist (yet) is skipped, so other parts of
the system add their pages by adding a row here plus the file. Every page file defines
``render()`` and ends with ``if __name__ == "__main__": render()`` (Streamlit executes page files
as ``__main__``), and calls ``ui.session.require_role(...)`` itself — pages a role may not open
are still registered (hidden) and must refuse on their own.

A ``public`` page (the certificate verification, ``/pruefen``) needs no login; the app shell sends
an address "/?verify=..." (a QR code printed with the bare public address) there.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import streamlit as st

from schemas.vocabulary import PROVIDER_ROLES, Role

ALL_ROLES: tuple[Role, ...] = tuple(Role)

UI_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PageSpec:
    url_path: str  # the address: http://host/<url_path>
    module: str  # page file ui/<module>.py
    title: str  # German menu title
    roles: tuple[Role, ...]  # who may open it (ignored for public pages)
    group: str = "Interviews"  # menu section header
    icon: str | None = None  # Material icon, e.g. ":material/home:"
    in_menu: bool = True  # False: reachable by link only (e.g. one interview's wizard)
    public: bool = False  # no login needed
    role_groups: tuple[tuple[Role, str], ...] = ()  # (role, menu section) where a role sees it elsewhere
    role_titles: tuple[tuple[Role, str], ...] = ()  # (role, menu title) where a role knows the page by another name
    wide: bool = False  # wide layout (tables with many columns); set by the app shell, once per rerun

    @property
    def path(self) -> Path:
        return UI_DIR / f"{self.module}.py"

    def exists(self) -> bool:
        return self.path.is_file()

    def group_for(self, role: Role | None) -> str:
        """The menu section this page stands in for ``role``."""
        return next((group for r, group in self.role_groups if r == role), self.group)

    def title_for(self, role: Role | None) -> str:
        """The menu title (and the page's heading) of this page for ``role``."""
        return next((title for r, title in self.role_titles if r == role), self.title)


# Order matters: a role's first listed page in the menu is its start page.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("start", "interviewer_home", "Meine Interviews", PROVIDER_ROLES, icon=":material/home:"),
    PageSpec("neu", "new_interview", "Neues Interview", PROVIDER_ROLES, icon=":material/person_add:"),
    PageSpec(
        "alle",
        "provider_interviews",
        "Alle Interviews",
        (Role.PROVIDER_ADMIN,),
        icon=":material/table_view:",
        wide=True,
    ),
    PageSpec("interview", "wizard", "Interview erfassen", PROVIDER_ROLES, in_menu=False),
    PageSpec("zusammenfassung", "summary", "Zusammenfassung", PROVIDER_ROLES, in_menu=False),
    PageSpec("ansicht", "interview_view", "Interview ansehen", PROVIDER_ROLES, in_menu=False),
    # Counseling office and administration (issue 6) add their rows here.
    PageSpec(
        "pruefliste",
        "review_queue",
        "Prüfliste",
        (Role.COUNSELOR,),
        group="Beratungsstelle",
        icon=":material/fact_check:",
    ),
    PageSpec(
        "pruefung", "review_detail", "Interview prüfen", (Role.COUNSELOR,), group="Beratungsstelle", in_menu=False
    ),
    PageSpec(
        "auswertung",
        "dashboard",
        "Auswertung",
        (Role.COUNSELOR, Role.ADMIN, Role.PROVIDER_ADMIN),
        group="Beratungsstelle",
        icon=":material/bar_chart:",
        wide=True,
        # a provider admin sees the own provider's figures: not under "Beratungsstelle"
        role_groups=((Role.PROVIDER_ADMIN, "Interviews"), (Role.ADMIN, "Administration")),
    ),
    PageSpec("export", "exports", "Export", (Role.COUNSELOR,), group="Beratungsstelle", icon=":material/download:"),
    PageSpec(
        "datenschutz",
        "data_protection",
        "Datenschutz",
        (Role.COUNSELOR, Role.ADMIN),
        group="Administration",
        icon=":material/shield_person:",
    ),
    PageSpec(
        "traeger", "admin_providers", "Träger", (Role.ADMIN,), group="Administration", icon=":material/apartment:"
    ),
    PageSpec(
        "konten",
        "admin_users",
        "Konten",
        (Role.ADMIN, Role.PROVIDER_ADMIN),
        group="Administration",
        icon=":material/group:",
        wide=True,  # the accounts table has six columns; centred, the last ones were cut
        # a provider admin manages the own provider's staff (interviewer accounts), not "the accounts"
        role_groups=((Role.PROVIDER_ADMIN, "Verwaltung"),),
        role_titles=((Role.PROVIDER_ADMIN, "Mitarbeitende"),),
    ),
    PageSpec(
        "leitfaden", "admin_guides", "Leitfaden", (Role.ADMIN,), group="Administration", icon=":material/description:"
    ),
    PageSpec(
        "einstellungen",
        "admin_settings",
        "Einstellungen",
        (Role.ADMIN,),
        group="Administration",
        icon=":material/settings:",
    ),
    PageSpec(
        "bescheinigungen",
        "certificates",
        "Bescheinigungen",
        (Role.PROVIDER_ADMIN, Role.COUNSELOR),
        group="Bescheinigungen",
        icon=":material/workspace_premium:",
        wide=True,  # the issued certificates' table has seven columns (printed, handed out)
    ),
    # The shared course catalogue and referrals (issue 17)
    PageSpec("angebote", "courses", "Kursangebote", ALL_ROLES, group="Kurse", icon=":material/school:", wide=True),
    PageSpec(
        "vermittlungen",
        "referrals",
        "Vermittlungen",
        (*PROVIDER_ROLES, Role.COUNSELOR),
        group="Kurse",
        icon=":material/swap_horiz:",
    ),
    PageSpec(
        "kursvermittlung",
        "course_matching",
        "Kursvermittlung",
        (Role.COUNSELOR,),
        group="Beratungsstelle",
        icon=":material/join_inner:",
    ),
    PageSpec("konto", "account", "Mein Konto", ALL_ROLES, group="Konto", icon=":material/person:"),
    PageSpec("pruefen", "verify", "Bescheinigung prüfen", (), group="Öffentlich", public=True, in_menu=False),
    PageSpec("kurse", "course_finder", "Kurse finden", (), group="Öffentlich", public=True, in_menu=False),
    # The default page while logged out (see ui/sign_in.py); logged in, it opens the role's start page.
    PageSpec("anmelden", "sign_in", "Anmelden", ALL_ROLES, group="Konto", in_menu=False),
)
SIGN_IN = "anmelden"


def spec_for(url_path: str) -> PageSpec:
    return next(p for p in PAGES if p.url_path == url_path)


@cache
def existing_pages() -> tuple[PageSpec, ...]:
    """The rows whose page file exists (checked once per process: pages come with a deployment)."""
    return tuple(p for p in PAGES if p.exists())


def allowed(spec: PageSpec, role: str | None) -> bool:
    return spec.public or (role is not None and role in spec.roles)


def start_page_for(role: str | None) -> PageSpec | None:
    return next((p for p in existing_pages() if p.in_menu and not p.public and allowed(p, role)), None)


def _st_page(spec: PageSpec, role: str | None, *, visible: bool, default: bool) -> st.Page:
    return st.Page(
        spec.path,
        title=spec.title_for(Role(role) if role else None),
        icon=spec.icon,
        url_path=spec.url_path,
        default=default,
        visibility="visible" if visible else "hidden",
    )


@cache
def _templates(role: str | None) -> tuple[tuple[str, tuple[st.Page, PageSpec]], ...]:
    """The ``st.Page`` objects of one role's navigation, built once per process (``st.Page`` resolves
    each file path on the disk; the table and the files do not change while the process runs).

    The default page is served at "/" and not at its own address, so it is one nobody links to
    (``/anmelden``): logged out, /start or /pruefen in a new tab open as themselves (the login form,
    the public check), not Streamlit's "Page not found"; logged in, "/" forwards to the role's start
    page, which keeps its own address after a menu click or a page switch."""
    specs = existing_pages()
    result = []
    for spec in specs:
        visible = role is not None and spec.in_menu and allowed(spec, role)
        result.append(
            (
                spec.group_for(Role(role) if role else None),
                (_st_page(spec, role, visible=visible, default=spec.url_path == SIGN_IN), spec),
            )
        )
    return tuple(result)


def build(role: str | None) -> tuple[dict[str, list[st.Page]], dict[int, PageSpec]]:
    """The navigation for one rerun: every existing page is registered (so a page a role may not
    open still answers with its own refusal instead of a silent redirect), but only the role's
    pages are listed in the menu. Returns the menu groups and the spec of each ``st.Page`` (by
    ``id``: the default page's ``url_path`` is "", so it cannot serve as the key).

    Each rerun gets its own shallow copies of the cached pages: ``st.navigation`` marks the page it
    returns as callable once, so one object must never be shared by two reruns (or sessions)."""
    groups: dict[str, list[st.Page]] = {}
    by_page: dict[int, PageSpec] = {}
    for group, (template, spec) in _templates(role):
        st_page = copy.copy(template)
        by_page[id(st_page)] = spec
        groups.setdefault(group, []).append(st_page)
    return groups, by_page


def page(url_path: str) -> str:
    """The page file to hand to ``st.switch_page`` / ``st.page_link`` for a url path."""
    return str(spec_for(url_path).path)
