"""Login for curators and annotators; browsing stays public and read-only."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine, select

from kb.cli_portal import verify_password
from kb.schema import User
from portal import cache


@dataclass(frozen=True)
class Account:
    name: str
    role: str


def check_login(engine: Engine, name: str, password: str) -> Account | None:
    """The account when name and password match an active user, else None."""
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
        if user is None or not verify_password(password, user.password_hash):
            return None
        return Account(user.name, user.role)


def current() -> Account | None:
    acc = st.session_state.get("account")
    return acc if isinstance(acc, Account) else None


def has_role(role: str) -> bool:
    acc = current()
    return acc is not None and acc.role in (role, "admin")


def sidebar() -> None:
    """The logged-in account and a logout button in the sidebar."""
    acc = current()
    if acc is None:
        return
    with st.sidebar:
        st.caption(f"Ingelogd als {acc.name} ({acc.role})")
        if st.button("Uitloggen", key="logout"):
            del st.session_state["account"]
            st.rerun()


def login_form() -> None:
    """Name and password; on success the account goes into the session."""
    with st.form("login"):
        name = st.text_input("Naam", key="login_name")
        password = st.text_input("Wachtwoord", type="password", key="login_password")
        if st.form_submit_button("Inloggen"):
            found = check_login(cache.engine(), name, password)
            if found:
                st.session_state["account"] = found
                st.rerun()
            st.error("Naam of wachtwoord onjuist.")


def require(role: str) -> Account | None:
    """The account if it has `role`; otherwise an explanation and None."""
    acc = current()
    if acc and acc.role in (role, "admin"):
        return acc
    if acc:
        st.warning(f"Hiervoor is de rol '{role}' nodig; u bent ingelogd als {acc.role}.")
    else:
        extra = " Daarna kunt u ook op de andere pagina's passages als goed voorbeeld toevoegen." if role == "curator" else ""
        st.info(f"Log in met een account met de rol '{role}'.{extra}")
        login_form()
    return None
