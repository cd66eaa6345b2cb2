"""Loading a city's communes and their accounts from one CSV file.

One line per account (or per commune, with the account columns left blank). Columns (UTF-8,
comma or semicolon, header on the first line):

    thanh_pho, ma, loai, ten_xa, ten_dang_nhap, ho_ten, vai_tro, chuc_vu, chuc_danh, email

Loading is all or nothing: every bad line is reported with its number and a Vietnamese message,
and nothing is saved until the file is clean. Loading the same file again changes nothing:
communes are matched by city and name, accounts by user name; an existing account keeps its
password. New accounts get a random first password, returned once so the city can hand it out,
and must choose their own at first login.
"""

import csv
import io
import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from reports.models import City, Commune, Position, Profile, Role
from reports.texts import fold as _key  # "Phó Chủ tịch" → "pho chu tich": accents, case ignored

COLUMNS = (
    "thanh_pho",
    "ma",
    "loai",
    "ten_xa",
    "ten_dang_nhap",
    "ho_ten",
    "vai_tro",
    "chuc_vu",
    "chuc_danh",
    "email",
)
REQUIRED_COLUMNS = ("thanh_pho", "loai", "ten_xa")
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


KINDS = {
    "xa": Commune.Kind.COMMUNE,
    "phuong": Commune.Kind.WARD,
    "dac khu": Commune.Kind.SPECIAL_ZONE,
}
ROLES = {
    "chuyen vien": Role.STAFF,
    "staff": Role.STAFF,
    "lanh dao": Role.LEADER,
    "leader": Role.LEADER,
    "van thu": Role.CLERK,
    "clerk": Role.CLERK,
    "so noi vu": Role.CITY_REVIEWER,
    "city": Role.CITY_REVIEWER,
}
POSITIONS = {
    "": Position.OTHER,
    "khac": Position.OTHER,
    "chu tich": Position.CHAIRMAN,
    "pho chu tich": Position.VICE_CHAIRMAN,
}


@dataclass
class LoadResult:
    errors: list[str] = field(default_factory=list)
    communes_created: int = 0
    communes_updated: int = 0
    users_created: int = 0
    users_updated: int = 0
    passwords: list[tuple[str, str]] = field(default_factory=list)  # new accounts only

    @property
    def summary(self) -> str:
        return (
            f"Xã, phường: {self.communes_created} thêm mới, {self.communes_updated} đã có. "
            f"Tài khoản: {self.users_created} thêm mới, {self.users_updated} đã có."
        )


@dataclass
class _Line:
    number: int
    city: str
    code: str
    kind: str
    commune: str
    username: str
    full_name: str
    role: str
    position: str
    job_title: str
    email: str


def read_lines(data: bytes, result: LoadResult) -> list[_Line]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("Tệp không đọc được theo mã UTF-8: hãy lưu lại tệp CSV với mã UTF-8.")
        return []
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [_key(h).replace(" ", "_") for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.errors.append("Tệp thiếu cột: " + ", ".join(missing) + ".")
        return []
    reader.fieldnames = header
    lines = []
    for number, raw in enumerate(reader, start=2):
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        if not any(values.values()):
            continue
        lines.append(_validate(number, values, result))
    return [line for line in lines if line is not None]


def _validate(number: int, v: dict, result: LoadResult) -> _Line | None:
    errors = []
    kind = KINDS.get(_key(v["loai"]))
    role = (
        ROLES.get(_key(v["vai_tro"]))
        if v["vai_tro"]
        else (Role.STAFF if v["ten_dang_nhap"] else "")
    )
    position = POSITIONS.get(_key(v["chuc_vu"]))
    if not v["thanh_pho"]:
        errors.append("thiếu tên thành phố")
    if role != Role.CITY_REVIEWER:
        if not v["ten_xa"]:
            errors.append("thiếu tên xã, phường")
        if kind is None:
            errors.append(f"loại đơn vị “{v['loai']}” không hợp lệ (dùng: xã, phường, đặc khu)")
    if role is None:
        errors.append(
            f"vai trò “{v['vai_tro']}” không hợp lệ (dùng: chuyên viên, lãnh đạo, văn thư, "
            "sở nội vụ)"
        )
    if position is None:
        errors.append(f"chức vụ “{v['chuc_vu']}” không hợp lệ (dùng: Chủ tịch, Phó Chủ tịch)")
    if v["ten_dang_nhap"] and not USERNAME.match(v["ten_dang_nhap"]):
        errors.append(
            f"tên đăng nhập “{v['ten_dang_nhap']}” không hợp lệ (chỉ chữ, số và . @ + - _)"
        )
    if v["ten_dang_nhap"] and not v["ho_ten"]:
        errors.append("có tên đăng nhập nhưng thiếu họ và tên")
    if v["ma"] and len(v["ma"]) > 10:
        errors.append(f"mã đơn vị “{v['ma']}” dài quá 10 ký tự")
    if len(v["ten_xa"]) > 100 or len(v["ho_ten"]) > 100:
        errors.append("tên dài quá 100 ký tự")
    if errors:
        result.errors.append(f"Dòng {number}: " + "; ".join(errors) + ".")
        return None
    return _Line(
        number,
        v["thanh_pho"],
        v["ma"],
        kind or "",
        v["ten_xa"],
        v["ten_dang_nhap"],
        v["ho_ten"],
        role,
        position,
        v["chuc_danh"],
        v["email"],
    )


def _cross_check(lines: list[_Line], result: LoadResult) -> None:
    """What no single line shows: one user name twice, one commune with two kinds, an account
    in the file that already belongs to someone the file must not touch."""
    seen_users, seen_communes = {}, {}
    for line in lines:
        if line.username:
            first = seen_users.setdefault(line.username.lower(), line.number)
            if first != line.number:
                result.errors.append(
                    f"Dòng {line.number}: tên đăng nhập “{line.username}” đã có ở dòng {first}."
                )
        if line.commune:
            key = (line.city, line.commune)
            first = seen_communes.setdefault(key, line)
            if first.kind != line.kind or (line.code and first.code and line.code != first.code):
                result.errors.append(
                    f"Dòng {line.number}: {line.commune} khác loại hoặc mã với dòng {first.number}."
                )
    usernames = [line.username for line in lines if line.username]
    existing = (
        get_user_model().objects.filter(username__in=usernames).select_related("profile__city")
    )
    by_name = {u.username: u for u in existing}
    for line in lines:
        user = by_name.get(line.username)
        if user is None:
            continue
        profile = getattr(user, "profile", None)
        if user.is_superuser or (profile is not None and profile.city.name != line.city):
            result.errors.append(
                f"Dòng {line.number}: tên đăng nhập “{line.username}” đã được dùng cho một "
                "tài khoản khác, không thể ghi đè."
            )


def load_communes(data: bytes) -> LoadResult:
    result = LoadResult()
    lines = read_lines(data, result)
    if not result.errors:
        _cross_check(lines, result)
    if result.errors or not lines:
        if not lines and not result.errors:
            result.errors.append("Tệp không có dòng dữ liệu nào.")
        return result
    with transaction.atomic():
        _save(lines, result)
    return result


def _save(lines: list[_Line], result: LoadResult) -> None:
    cities = {name: City.objects.get_or_create(name=name)[0] for name in {x.city for x in lines}}
    communes = {}
    for line in lines:
        if not line.commune or (line.city, line.commune) in communes:
            continue
        defaults = {"kind": line.kind} | ({"code": line.code} if line.code else {})
        commune, created = Commune.objects.update_or_create(
            city=cities[line.city], name=line.commune, defaults=defaults
        )
        communes[line.city, line.commune] = commune
        if created:
            result.communes_created += 1
        else:
            result.communes_updated += 1
    user_model = get_user_model()
    for line in lines:
        if not line.username:
            continue
        user, created = user_model.objects.get_or_create(username=line.username)
        if created:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            result.passwords.append((line.username, password))
            result.users_created += 1
        else:
            result.users_updated += 1
        if line.email:
            user.email = line.email
        user.save()
        # A new account's first password is handed out on paper: its owner must replace it.
        forced = {"must_change_password": True} if created else {}
        Profile.objects.update_or_create(
            user=user,
            defaults=forced
            | {
                "full_name": line.full_name,
                "role": line.role,
                "city": cities[line.city],
                "commune": communes.get((line.city, line.commune))
                if line.role != Role.CITY_REVIEWER
                else None,
                "position": line.position,
                "job_title": line.job_title,
            },
        )
