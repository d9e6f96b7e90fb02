"""Realistic people for demo data: names from many countries (Latin transliteration, as in passports),
with the country, first language and script that go with them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from schemas.vocabulary import Skill

# country, language, script of the first language, family names, female given names, male given names
ORIGINS: list[tuple[str, str, str, list[str], list[str], list[str]]] = [
    (
        "SY",
        "ar",
        "arabic",
        ["Haddad", "Al-Hassan", "Khalil", "Nasser", "Darwish", "Haj Ali", "Sabbagh"],
        ["Amina", "Rania", "Layla", "Huda", "Nour", "Rasha"],
        ["Omar", "Khaled", "Yusuf", "Ahmad", "Mahmoud", "Samer"],
    ),
    (
        "AF",
        "prs",
        "arabic",
        ["Ahmadi", "Rahimi", "Sultani", "Hakimi", "Noori", "Popal"],
        ["Zahra", "Maryam", "Farzana", "Shabnam", "Mursal"],
        ["Ali", "Mohammad Reza", "Hamid", "Farid", "Jawad"],
    ),
    (
        "UA",
        "uk",
        "cyrillic",
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchuk"],
        ["Olena", "Iryna", "Kateryna", "Oksana", "Yuliia"],
        ["Oleksandr", "Andrii", "Dmytro", "Serhii", "Taras"],
    ),
    (
        "TR",
        "tr",
        "latin",
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Öztürk", "Çelik"],
        ["Ayşe", "Elif", "Zeynep", "Fatma", "Gülsüm"],
        ["Mehmet", "Mustafa", "Emre", "Hüseyin", "Murat"],
    ),
    (
        "IQ",
        "ku",
        "arabic",
        ["Rashid", "Mahmoud", "Karim", "Barzani", "Hawrami"],
        ["Shirin", "Nazdar", "Avin", "Roj"],
        ["Aram", "Sherzad", "Dilshad", "Hogir"],
    ),
    (
        "ER",
        "ti",
        "ethiopic",
        ["Tesfaye", "Gebremariam", "Haile", "Tekle", "Berhane"],
        ["Selam", "Semhar", "Helen", "Luwam"],
        ["Yonas", "Filmon", "Daniel", "Robel"],
    ),
    (
        "IR",
        "fa",
        "arabic",
        ["Hosseini", "Mohammadi", "Karimi", "Moradi", "Jafari"],
        ["Fatemeh", "Niloufar", "Parisa", "Shirin"],
        ["Reza", "Mehdi", "Amir", "Babak"],
    ),
    (
        "PL",
        "pl",
        "latin",
        ["Nowak", "Kowalczyk", "Wójcik", "Mazur", "Zając"],
        ["Agnieszka", "Katarzyna", "Małgorzata"],
        ["Piotr", "Tomasz", "Łukasz"],
    ),
    (
        "RO",
        "ro",
        "latin",
        ["Popescu", "Ionescu", "Stan", "Dumitru", "Constantin"],
        ["Ioana", "Andreea", "Elena"],
        ["Andrei", "Mihai", "Ștefan"],
    ),
    (
        "NG",
        "ig",
        "latin",
        ["Okafor", "Eze", "Nwosu", "Okeke"],
        ["Chiamaka", "Ngozi", "Adaeze"],
        ["Chinedu", "Emeka", "Obinna"],
    ),
    (
        "SO",
        "so",
        "latin",
        ["Mohamed", "Hassan", "Farah", "Abdullahi", "Warsame"],
        ["Hodan", "Fadumo", "Sahra", "Ayan"],
        ["Abdi", "Mahad", "Liban", "Abdirahman"],
    ),
    (
        "XK",
        "sq",
        "latin",
        ["Krasniqi", "Gashi", "Berisha", "Morina"],
        ["Arta", "Besa", "Drita"],
        ["Arben", "Driton", "Valon"],
    ),
    (
        "VN",
        "vi",
        "latin",
        ["Nguyen", "Tran", "Le", "Pham"],
        ["Thi Mai", "Thi Lan", "Ngoc Anh"],
        ["Van Minh", "Duc Anh", "Quoc Bao"],
    ),
    (
        "ET",
        "am",
        "ethiopic",
        ["Bekele", "Tadesse", "Alemu", "Girma"],
        ["Meron", "Tigist", "Hiwot"],
        ["Abebe", "Dawit", "Yared"],
    ),
    (
        "CO",
        "es",
        "latin",
        ["García", "Rodríguez", "Martínez", "López"],
        ["María José", "Valentina", "Camila"],
        ["Juan Carlos", "Andrés", "Santiago"],
    ),
    ("CN", "zh", "chinese", ["Wang", "Li", "Zhang", "Liu"], ["Xiaoling", "Mei", "Yan"], ["Wei", "Jun", "Hao"]),
    (
        "RU",
        "ru",
        "cyrillic",
        ["Sokolov", "Morozov", "Volkov", "Lebedev"],
        ["Natalia", "Svetlana", "Anna"],
        ["Sergei", "Alexei", "Ivan"],
    ),
    ("ER", "ti", "ethiopic", ["Kidane", "Weldu", "Mebrahtu"], ["Saba", "Yordanos"], ["Mussie", "Samuel"]),
    (
        "SD",
        "ar",
        "arabic",
        ["Osman", "Abdelrahman", "Idris"],
        ["Safaa", "Amal", "Hanan"],
        ["Mohamed Ali", "Elsadig", "Hamza"],
    ),
    (
        "GE",
        "ka",
        "georgian_armenian",
        ["Beridze", "Kapanadze", "Gelashvili"],
        ["Nino", "Tamar", "Mariam"],
        ["Giorgi", "Levan", "Davit"],
    ),
]


@dataclass
class Person:
    family_name: str
    given_names: str
    birth_date: date
    gender: str
    country: str
    language: str
    script: str
    literate_l1: bool
    literate_latin: bool
    sharing: bool
    levels: dict[str, int] = field(default_factory=dict)  # skill -> rank 0 (Pre-A1) .. 5 (C1)


def make_person(rng: random.Random, today: date) -> Person:
    country, language, script, families, women, men = rng.choice(ORIGINS)
    female = rng.random() < 0.55
    given = rng.choice(women if female else men)
    if rng.random() < 0.2:  # a second given name, as passports often have
        given = f"{given} {rng.choice(women if female else men)}"
        given = " ".join(dict.fromkeys(given.split()))
    age_days = rng.randint(18 * 365, 62 * 365)
    literate_l1 = rng.random() > 0.12
    literate_latin = (script == "latin" and literate_l1) or (literate_l1 and rng.random() < 0.55)
    base = 0 if not literate_l1 else rng.choices([0, 1, 2, 3, 4, 5], weights=[15, 30, 25, 18, 9, 3])[0]
    levels = {}
    for skill in Skill:
        rank = max(0, min(5, base + rng.choice([-1, 0, 0, 0, 1])))
        if not literate_l1 and skill in (Skill.READING, Skill.WRITING):
            rank = 0
        levels[skill.value] = rank
    return Person(
        family_name=rng.choice(families),
        given_names=given,
        birth_date=today - timedelta(days=age_days),
        gender="female" if female else "male",
        country=country,
        language=language,
        script=script,
        literate_l1=literate_l1,
        literate_latin=bool(literate_latin),
        sharing=rng.random() < 0.85,
        levels=levels,
    )
