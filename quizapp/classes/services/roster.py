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
from quizapp.classes.selectors.classes import seatless_names, taken_seats
from quizapp.classes.services.classes import can_be_student, roster_name


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


def first_password(*, user: User) -> str:
    """A readable password Django's validators accept for this user (a draw that looks
    like the username is drawn again)."""
    while True:
        password = readable_password()
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def _hashed_first_password(*, user: User) -> str:
    """Set a new first password on `user` (not saved); the plain text, for the card."""
    password = first_password(user=user)
    user.password = make_password(password, hasher=FIRST_PASSWORD_ALGORITHM)
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


def _parse(*, school_class: SchoolClass, text: str) -> ParsedRoster:
    parsed = roster_parse(
        text,
        taken_seats=taken_seats(school_class=school_class),
        taken_names=seatless_names(school_class=school_class),
        name_max=ROSTER_NAME_MAX,
    )
    if parsed.errors or parsed.too_many or not parsed.students:
        raise RosterInvalid(parsed)
    return parsed


def _refuse_if_archived(school_class: SchoolClass) -> None:
    if school_class.is_archived:
        raise ValidationError(_("這個班級已經封存：要加學生，請先取消封存。"))


def roster_import(*, school_class: SchoolClass, text: str) -> list[LoginCard]:
    """Accounts for every student of a pasted list, in the class, or nothing at all:
    RosterInvalid carries every problem by line."""
    _refuse_if_archived(school_class)
    students = _parse(school_class=school_class, text=text).students
    # Hashing takes most of the time (300 passwords, a few seconds): done before the
    # transaction, so its write lock (all of SQLite's) is held only for the inserts.
    users = [User(first_name=line.name[:150]) for line in students]
    passwords = [_hashed_first_password(user=user) for user in users]
    with transaction.atomic():
        # Lock the class and read the list again: a list pasted twice at once, or a
        # student added meanwhile, must not hand out one 座號 twice.
        SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()
        if _parse(school_class=school_class, text=text).students != students:
            raise RosterInvalid(_parse(school_class=school_class, text=text))
        prefix = school_class.join_code[:4].lower()
        for user, username in zip(users, _usernames(prefix=prefix, lines=students), strict=True):
            user.username = username
        # bulk_create sets primary keys on PostgreSQL and on SQLite (3.35+).
        User.objects.bulk_create(users)
        student_group().user_set.add(*users)
        Membership.objects.bulk_create(
            Membership(
                school_class=school_class,
                student=user,
                seat_number=line.seat,
                name=line.name,
                made_account=True,
            )
            for user, line in zip(users, students, strict=True)
        )
    return [
        LoginCard(line.seat, line.name, user.username, password)
        for line, user, password in zip(students, users, passwords, strict=True)
    ]


@transaction.atomic
def student_add_existing(
    *, school_class: SchoolClass, username: str, seat: int | None, name: str
) -> Membership:
    """An account that exists already (a student who signed up), put in the class."""
    _refuse_if_archived(school_class)
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("找不到這個帳號。請確認帳號名稱。")})
    if not can_be_student(user=user):
        raise ValidationError({"username": _("老師和管理員的帳號不能加入班級當學生。")})
    name = roster_name(name or user.get_full_name() or user.get_username())
    current = Membership.objects.current().filter(school_class=school_class)
    if current.filter(student=user).exists():
        raise ValidationError({"username": _("這位學生已經在班上了。")})
    if seat is not None and current.filter(seat_number=seat).exists():
        raise ValidationError({"seat": _("座號 %(seat)s 已經有學生了。") % {"seat": seat}})
    membership, _created = Membership.objects.update_or_create(
        school_class=school_class,
        student=user,
        defaults={"seat_number": seat, "name": name, "removed_at": None},
    )
    user.groups.add(student_group())
    return membership


def student_password_reset(*, membership: Membership) -> LoginCard:
    """A new readable password, shown once to the teacher. Only for an account this
    class's pasted list made: a student's own account, a teacher's or an admin's is
    never a class teacher's to take over."""
    user = membership.student
    if not membership.made_account or not can_be_student(user=user):
        raise ValidationError(_("這個帳號是學生自己註冊的，只有本人能改密碼（用「忘記密碼？」）。"))
    password = _hashed_first_password(user=user)
    user.save(update_fields=["password"])
    return LoginCard(membership.seat_number, membership.name, user.get_username(), password)


def student_remove(*, membership: Membership) -> Membership:
    """Out of the class; the account and everything they answered stay."""
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at"])
    return membership
