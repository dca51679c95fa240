#!/bin/sh
# A realistic month of learning for a small Work & Income team, typed as people type it.
# Run against a demo database, never your own log:
#   LEERLOG_DB=/tmp/demo.db LEERLOG_TODAY=2026-11-27 sh examples/sample-log.sh
set -eu

leerlog people set fatima --team "Team Noord"
leerlog people set joost --team "Team Noord"
leerlog people set sanne --team "Team Zuid"
leerlog people set ahmed --team "Team Zuid"

# fatima, klantmanager
leerlog add intervisie "Casus over schuldhulp" -m 1u30 -p fatima -d 2026-11-26 --with "team Noord" -t schuldhulp
leerlog add werk "Eerste huisbezoek alleen gedaan" -m 2u -p fatima -d 2026-11-24 -t huisbezoek -r "Beter doorvragen naar de thuissituatie"
leerlog add coaching "Gesprek met mijn coach over grenzen stellen" -m 45 -p fatima -d 2026-11-20 --with Marieke
leerlog add new-task "Zelf een bezwaarschrift voorbereid" -m 3u -p fatima -d 2026-11-18 -t participatiewet
leerlog add e-learning "Module Participatiewet: kostendelersnorm" -m 1,5h -p fatima -d 2026-11-13
leerlog add experiment "Motiverende gespreksvoering uitgeprobeerd bij intake" -m 1h -p fatima -d 2026-11-10 -t gesprekstechniek
leerlog add casuistiekoverleg "Casus jongere zonder startkwalificatie" -m 1:00 -p fatima -d 2026-11-05
leerlog add self-reflection "Terugblik op drie moeilijke gesprekken" -m 30 -p fatima -d 2026-10-30
leerlog add werk "Complexe aanvraag levensonderhoud afgehandeld" -m 2u30 -p fatima -d 2026-10-22
leerlog add workshop "Workshop omgaan met agressie" -m 3u -p fatima -d 2026-10-15 --with "Opleidingscentrum"

# joost, consulent werk
leerlog add meelopen "Meegelopen met jobcoach bij werkgever" -m 4u -p joost -d 2026-11-25
leerlog add stretch-assignment "Werkgeversbijeenkomst georganiseerd" -m 5u -p joost -d 2026-11-19 -t werkgevers
leerlog add feedback "Feedback van teamleider op rapportage" -m 20m -p joost -d 2026-11-12
leerlog add course "Opleiding loopbaanbegeleiding, dag 3" -m 6u -p joost -d 2026-11-06
leerlog add werk "Matching kandidaat op proefplaatsing" -m 1u45 -p joost -d 2026-10-28
leerlog add reading "Vakliteratuur: Werk en re-integratie" -m 1h -p joost -d 2026-10-20

# sanne, coach
leerlog add supervisie "Supervisie over eigen rol in het gesprek" -m 1u30 -p sanne -d 2026-11-23
leerlog add knowledge-sharing "Presentatie over armoedebeleid voor het team" -m 2u -p sanne -d 2026-11-16
leerlog add werkbegeleiding "Nieuwe collega ingewerkt op intake" -m 2u -p sanne -d 2026-11-09
leerlog add conference "Studiedag sociaal domein" -m 5u -p sanne -d 2026-10-08
leerlog add werk "Groepstraining sollicitatievaardigheden gegeven" -m 3u -p sanne -d 2026-10-01

# ahmed, klantmanager, new this month
leerlog add teamgesprek "Teamleergesprek over signalen van huiselijk geweld" -m 1u -p ahmed -d 2026-11-17
leerlog add collegiale-consultatie "Advies gevraagd over terugvordering" -m 30 -p ahmed -d 2026-11-11
leerlog add lecture "Gastcollege schuldhulpverlening" -m 2u -p ahmed -d 2026-11-04
leerlog add inspiratielab "Inspiratielab: de bedoeling van de wet" -m 2u30 -p ahmed -d 2026-10-27

# the monthly inspiratielab, logged once for everyone who came
leerlog session add inspiratielab "Inspiratielab: schulden en stress" -m 2u -d 2026-11-12 --at 14:00 --leader "Lector armoede" --present fatima,joost,sanne,ahmed --series "Inspiratielab 2026" >/dev/null

# fatima keeps her SKJ registration with the same log
leerlog register set skj-jeugdzorgwerker --start 2024-01-01 --number 0123456 >/dev/null
