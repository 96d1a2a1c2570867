"""Writes for a class's roster: accounts made from a pasted list, an existing account
added, a password reset, a student removed (their work stays)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizapp.accounts.credentials import random_suffix, readable_password, username_for
from quizapp.accounts.hashers import FIRST_PASSWORD_ALGORITHM
from quizapp.accounts.roles import student_group
from quizapp.classes.models import ROSTER_NAME_MAX, Membership, SchoolClass
from quizapp.classes.roster import ParsedRoster, RosterLine, roster_parse
from quizapp.classes.selectors.classes import taken_seats
from quizapp.classes.services.classes import can_be_student


@dataclass(frozen=True)
class LoginCard:
    """What one printed card says. The password exists in plain text only here, for
    the page the teacher prints; the database keeps its hash."""

    seat: int | None
    name: str
    username: str
    password: str


class RosterInvalid(Exception):
    def __init__(self, parsed: ParsedRoster) -> None:
        super().__init__("The class list has problems.")
        self.parsed = parsed


def first_password(user: User) -> str:
    """A readable password Django's validators accept for this user (a draw that looks
    like the username is drawn again)."""
    while True:
        password = readable_password()
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def _usernames(*, prefix: str, lines: tuple[RosterLine, ...]) -> list[str]:
    """One free username per line, in one query for the usual case."""
    wanted = [
        username_for(prefix=prefix, seat=line.seat)
        if line.seat is not None
        else f"{prefix}-{random_suffix()}"
        for line in lines
    ]
    taken = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    chosen: list[str] = []
    for username in wanted:
        while username in taken or username in chosen:
            # Another class's student has it (the prefix is four letters of a code).
            username = f"{username}{random_suffix(2)}"
            if User.objects.filter(username=username).exists():
                taken.add(username)
        chosen.append(username)
    return chosen


@transaction.atomic
def roster_import(*, school_class: SchoolClass, text: str) -> list[LoginCard]:
    """Accounts for every student of a pasted list, in the class, or nothing at all:
    RosterInvalid carries every problem by line."""
    # Lock the class: two imports at once must not hand out one 座號 twice.
    SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()
    parsed = roster_parse(
        text, taken_seats=taken_seats(school_class=school_class), name_max=ROSTER_NAME_MAX
    )
    if parsed.errors or parsed.too_many or not parsed.students:
        raise RosterInvalid(parsed)
    prefix = school_class.join_code[:4].lower()
    usernames = _usernames(prefix=prefix, lines=parsed.students)
    cards: list[LoginCard] = []
    users: list[User] = []
    for line, username in zip(parsed.students, usernames, strict=True):
        user = User(username=username, first_name=line.name[:150])
        password = first_password(user)
        user.password = make_password(password, hasher=FIRST_PASSWORD_ALGORITHM)
        users.append(user)
        cards.append(LoginCard(line.seat, line.name, username, password))
    # bulk_create sets primary keys on PostgreSQL and on SQLite (3.35+).
    User.objects.bulk_create(users)
    student_group().user_set.add(*users)
    Membership.objects.bulk_create(
        Membership(school_class=school_class, student=user, seat_number=line.seat, name=line.name)
        for user, line in zip(users, parsed.students, strict=True)
    )
    return cards


@transaction.atomic
def student_add_existing(
    *, school_class: SchoolClass, username: str, seat: int | None, name: str
) -> Membership:
    """An account that exists already (a student who signed up), put in the class."""
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ValidationError({"username": _("找不到這個帳號。請確認帳號名稱。")})
    if not can_be_student(user):
        raise ValidationError({"username": _("老師和管理員的帳號不能加入班級當學生。")})
    current = Membership.objects.current().filter(school_class=school_class)
    if current.filter(student=user).exists():
        raise ValidationError({"username": _("這位學生已經在班上了。")})
    if seat is not None and current.filter(seat_number=seat).exists():
        raise ValidationError({"seat": _("座號 %(seat)s 已經有學生了。") % {"seat": seat}})
    membership, _created = Membership.objects.update_or_create(
        school_class=school_class,
        student=user,
        defaults={"seat_number": seat, "name": name or user.get_username(), "removed_at": None},
    )
    user.groups.add(student_group())
    return membership


def student_password_reset(*, membership: Membership) -> LoginCard:
    """A new readable password, shown once to the teacher. Only for students' accounts:
    a class's teacher never gets to set a teacher's or an admin's password."""
    user = membership.student
    if not can_be_student(user):
        raise ValidationError(_("這個帳號不是學生帳號，不能由老師重設密碼。"))
    password = first_password(user)
    user.password = make_password(password, hasher=FIRST_PASSWORD_ALGORITHM)
    user.save(update_fields=["password"])
    return LoginCard(membership.seat_number, membership.name, user.get_username(), password)


def student_remove(*, membership: Membership) -> Membership:
    """Out of the class; the account and everything they answered stay."""
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at"])
    return membership
