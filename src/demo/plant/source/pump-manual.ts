import type { DocSource } from './model.ts'

/** Nordhavn NHP-ES 200-315 manual, project edition for P-101 / P-102 (fictional). */
export const pumpManual: DocSource = {
  title: 'NHP-ES 200-315 End-Suction Pump - Installation, Operation and Maintenance Manual (P-101 / P-102)',
  publisher: 'Nordhavn Pump Works',
  keywords: 'P-101, P-102, cooling water pump, NHP-ES 200-315, bearing, seal, alignment, vibration, NPSH',
  cover: {
    title: 'NHP-ES 200-315 Centrifugal Pump',
    subtitle: 'End-suction pump - installation, operation and maintenance',
    lines: [
      'Project edition for Riverbend Foods, utilities area - cooling water circulation',
      'Tag numbers: P-101 (serial NPW-19-40871) and P-102 (serial NPW-19-40872)',
      'Duty point: 400 m3/h at 32 m, 1480 rpm, water at 25 to 35 °C',
      'Driver: Teviot Electric Motors TM 280S-4, 75 kW, 400 V, 50 Hz',
      'Purchase order: RBF-PO-18-3317',
      'Document number: NPW-IOM-ES200-RB, Revision D, April 2021',
      'Revision D changes: alarm and trip values confirmed at the 2021 site acceptance test; minimum continuous flow raised from 100 to 120 m3/h; grease brand changed to Lubrix LC2.',
      'Keep this manual at the pump station and read it before working on the pumps. All values in this edition apply to P-101 and P-102 as installed at Riverbend.',
      'Nordhavn Pump Works - service desk: service@nordhavn-pumps.example',
    ],
  },
  headerLeft: 'Nordhavn Pump Works',
  headerRight: 'NHP-ES 200-315 IOM - P-101 / P-102',
  footerLeft: 'NPW-IOM-ES200-RB Rev. D',
  body: String.raw`
# 1 Safety

## 1.1 Notices used in this manual

This manual marks information that protects people and equipment with boxed notices. The word in the left-hand field tells how serious the hazard is.

[table 18,82]
Notice | Meaning
DANGER | A hazard that will cause death or serious injury if the instruction is ignored.
WARNING | A hazard that can cause death or serious injury if the instruction is ignored.
CAUTION | A hazard that can cause minor injury or damage to the pump or the plant.
NOTE | Useful information for correct and economical operation.
[/table]

## 1.2 Who may work on the pumps

Operation is reserved for operators who have been trained on the cooling-water system. Mechanical and electrical maintenance must be carried out by qualified technicians who are authorized under the site lockout/tagout programme. Electrical work on the motor and the soft starter requires an electrically qualified person.

## 1.3 Hazards specific to this pump set

- Rotating shaft and coupling. Never run the pump with the coupling guard removed. The standby pump can start automatically at any moment (see 4.5).
- Stored pressure. The casing is connected to the cooling-water header at up to 4 bar g and to the tower basin by a static head of about 1.8 m. Closing only one valve does not make the casing safe to open.
- Water treatment chemicals. The circulating water contains corrosion inhibitor and biocide. Wear safety glasses and nitrile gloves when draining or opening the pump.
- Aerosols. Cooling-tower water can carry Legionella bacteria. Do not use compressed air or high-pressure water jets to clean strainer baskets or open casings; wear an FFP3 respirator when splashing cannot be avoided.
- Weight. The back pull-out unit weighs about 210 kg and the motor about 480 kg. Use the lifting points shown in chapter 3.
- Hot surfaces. Bearing housings can reach 95 °C before the trip acts and the motor frame can exceed 80 °C.

!DANGER Before any work that opens the pump, the coupling guard or the terminal box, isolate and lock out the pump according to the site procedure SOP-LOTO-101. Switching the pump to OFF on the HMI is not isolation.

## 1.4 Noise

The sound pressure level at 1 m from the pump set is 84 dB(A) at the duty point. Hearing protection is mandatory in the pump room. Cavitation can raise the level by more than 6 dB(A) and is a sign that the pump needs attention (see 5.3).

# 2 Description and specifications

## 2.1 Design overview

The NHP-ES is a single-stage, end-suction volute pump with a closed impeller, built in back pull-out design. With the spacer coupling removed, the complete rotating unit (bearing frame, shaft, seal and impeller) can be withdrawn without disturbing the suction and discharge pipework or the motor. The shaft is supported by a grease-lubricated bearing pair at the drive end (DE, coupling side) that carries the axial thrust, and by a cylindrical roller bearing at the non-drive end (NDE, impeller side). The shaft passage is sealed by a single cartridge mechanical seal.

At Riverbend two identical pumps, P-101 and P-102, work in duty/standby. Each takes suction from the basin of cooling tower CT-101 through its own basket strainer (S-101, S-102) and delivers through a check valve into the common cooling-water supply header.

## 2.2 Technical data

[table 45,55]
Item | Value
Pump type | NHP-ES 200-315, single-stage end-suction, back pull-out
Rated flow / head | 400 m3/h at 32 m
Speed | 1480 rpm, clockwise seen from the motor
Impeller | Closed, bronze, trimmed to 298 mm (maximum 315 mm)
Best-efficiency flow | 400 m3/h, efficiency 83 %
Shut-off head | 38.5 m
Minimum continuous flow | 120 m3/h
Maximum flow (run-out) | 520 m3/h
NPSH required at rated flow | 4.2 m
Maximum casing pressure | 10 bar g at 50 °C
Liquid | Treated cooling water, 5 to 40 °C, pH 7.5 to 9.0
Mechanical seal | Cartridge seal NMS-55, silicon carbide / carbon faces, EPDM elastomers
Pump bearings | DE: pair of 7311 BEP back-to-back; NDE: NU 311 ECP
Lubrication | Grease, lithium complex NLGI 2 (Lubrix LC2)
Coupling | Flexible spacer coupling, spacer length 140 mm
Motor | TM 280S-4, 75 kW, 400 V, 50 Hz, full-load current 132 A, IP55
Motor bearings | DE 6316 C3, NDE 6313 C3, polyurea grease
Starter | Soft starter (P-101 in MCC-1 bucket 2A, P-102 in MCC-1 bucket 2B)
Maximum starts per hour | 4, evenly spaced
Weight | Pump 620 kg, motor 480 kg, baseplate 310 kg
[/table]

## 2.3 Performance data

The table gives the factory test values of the 298 mm impeller at 1480 rpm with clean cold water. Shaft power includes the bearing losses.

[table 20,20,20,20,20]
Flow (m3/h) | Head (m) | Efficiency (%) | Shaft power (kW) | NPSHr (m)
0 | 38.5 | - | 19.5 | -
120 | 37.6 | 52 | 23.6 | 2.0
200 | 36.4 | 68 | 29.2 | 2.4
300 | 34.6 | 79 | 35.8 | 3.1
400 | 32.0 | 83 | 42.0 | 4.2
480 | 29.2 | 82 | 46.6 | 5.3
520 | 27.5 | 80 | 48.7 | 6.0
[/table]

!NOTE The 75 kW motor has margin above the 48.7 kW needed at run-out so that the impeller can later be changed to the full 315 mm diameter without replacing the motor.

# 3 Installation

## 3.1 Foundation and baseplate

Set the baseplate on a concrete plinth with a mass of at least three times the pump set. Level the baseplate to within 0.2 mm per metre on the machined pads, then grout it with non-shrink epoxy grout. Tighten the anchor bolts only after the grout has cured. Check for soft foot at all four motor feet before the first alignment (see 8.4).

## 3.2 Pipework

- Support suction and discharge pipes independently; the pump nozzles must not carry pipe weight. Forces on the flanges must stay below the values on the dimensional drawing.
- Provide a straight run of at least five pipe diameters before the suction flange. An eccentric reducer must be installed flat side up so that no air pocket forms.
- Install the suction isolation valve (HV-101S / HV-102S), the basket strainer, the discharge check valve and the discharge isolation valve (HV-101D / HV-102D) as shown on the P&ID.
- Fit a casing vent valve (VV-101 / VV-102) at the top of the volute and a casing drain valve (DV-101 / DV-102) at the bottom.
- Tighten the casing and flange bolts (M20) crosswise to 240 Nm.

## 3.3 Suction strainer

Each pump has a DN 250 basket strainer (S-101, S-102) with a 3 mm perforated stainless basket. The clean pressure drop is about 0.10 bar at 400 m3/h. The differential pressure transmitter across the strainer (PDT-101, PDT-102) warns the operator when the basket needs cleaning. During the first two weeks after commissioning or after work on the tower basin, expect frequent cleaning.

## 3.4 Electrical connection

Connect the motor according to the diagram in the terminal box. Before coupling the pump, bump the motor to confirm clockwise rotation when seen from the motor NDE. A pump running backwards delivers roughly half its head and can unscrew the impeller nut. The motor space heater (LP-1 circuit 9 for P-101, LP-1 circuit 10 for P-102) is switched off by the starter while the motor runs and must remain energized while the pump is on standby.

# 4 Start-up, shutdown and changeover

## 4.1 Checks before the first start and after maintenance

1. Confirm that all work permits are closed and all locks and tags are removed under SOP-LOTO-101.
2. Check that the coupling guard is fitted and all bolts are tight.
3. Check that the bearings have been greased (new or overhauled pumps are delivered with grease in the bearings; do not add more).
4. Check that the basin level of CT-101 is normal and that the suction valve is fully open.
5. Turn the shaft by hand: it must rotate freely without rubbing.

## 4.2 Filling and venting

1. Open the suction valve HV-101S (HV-102S) fully. The casing fills from the basin by gravity.
2. Open the casing vent VV-101 (VV-102) until water flows without air, then close it.
3. Check that the mechanical seal does not leak while the pump is at rest.

!CAUTION Never run the pump dry, not even for a rotation check. The mechanical seal faces are destroyed within seconds without water.

## 4.3 Start-up

1. Open the discharge valve HV-101D (HV-102D) about one quarter. A partly open valve limits the starting current surge and avoids run-out while the header fills.
2. Start the pump from the HMI or the local control station.
3. Within 30 seconds open the discharge valve fully. The pump must not run longer than 30 seconds against a closed discharge valve.
4. Check that the discharge pressure is between 3.1 and 3.7 bar g, the flow between 360 and 430 m3/h and the motor current between 80 and 100 A.
5. During the first hour record the bearing temperatures every 15 minutes. They normally stabilize between 40 and 70 °C within two hours.

## 4.4 Shutdown

1. Close the discharge valve until the flow falls to about 200 m3/h (optional; it reduces water hammer in long headers).
2. Stop the motor. The check valve closes and the pump runs down in about 12 seconds.
3. If the pump will remain out of service, close the discharge valve and then the suction valve. For standby duty, leave both valves open so the pump can start automatically.

## 4.5 Duty/standby operation

The control system runs one pump as duty and keeps the other in AUTO as standby. The standby pump starts automatically when the duty pump trips or when the discharge pressure of the running pump stays below 2.2 bar g for 5 seconds. The operator selects the duty pump on the HMI. To equalize running hours and to keep the standby bearings and seal in good condition, Nordhavn recommends changing the duty pump once a month (site procedure SOP-OPS-110).

!WARNING A pump in AUTO can start at any time without warning. Treat a stopped standby pump as a running machine.

# 5 Operating limits and normal values

## 5.1 Normal operating values

[table 34,24,42]
Parameter | Normal range | Remarks
Flow (FT-101 / FT-102) | 360 to 430 m3/h | Depends on the number of process exchangers in service
Discharge pressure (PT-101 / PT-102) | 3.1 to 3.7 bar g | Measured upstream of the check valve
Suction pressure (local gauge PI-101S / PI-102S) | 0.10 to 0.25 bar g | Falls when the strainer fouls
Motor current (II-101 / II-102) | 80 to 100 A | About 85 A at 400 m3/h
Bearing temperature (TT-101A/B, TT-102A/B) | 40 to 70 °C | Rises 5 to 15 K for up to 24 h after greasing
Vibration (VT-101 / VT-102) | below 2.3 mm/s RMS | Typical new value 1.2 to 1.8 mm/s
Strainer dP (PDT-101 / PDT-102) | 0.05 to 0.15 bar | Clean basket about 0.10 bar
Mechanical seal | no visible leakage | Occasional drop is acceptable
[/table]

## 5.2 Minimum flow and run-out

Below the minimum continuous flow of 120 m3/h the water in the impeller recirculates, heats up and causes pulsation and high radial loads on the bearings. The pump is protected by a low-flow alarm at 200 m3/h and a trip when the flow stays below 120 m3/h for 60 seconds. Above 520 m3/h (run-out) the NPSH required rises steeply and the pump will cavitate; FT-101 / FT-102 raise a high-flow alarm at 520 m3/h. Run-out typically happens when one pump carries the full header with an additional bypass open, or when a pipe breaks.

## 5.3 NPSH and cavitation

Cavitation occurs when the pressure at the impeller inlet falls below the vapour pressure of the water. The vapour bubbles collapse further along the vane and erode the impeller, and the pump sounds as if it were pumping gravel.

The net positive suction head available (NPSHa) at Riverbend is calculated from the atmospheric pressure (10.2 m), the normal basin level 1.8 m above the pump centreline, the suction losses and the vapour pressure of water at 30 °C (0.43 m). With a clean strainer the NPSHa is about 10 m. Every 0.1 bar of additional strainer pressure drop removes about 1 m.

[table 40,30,30]
Condition | NPSHa (m) | Margin over NPSHr at 400 m3/h
Clean strainer, normal basin level | 10.1 | 5.9 m
Strainer dP 0.35 bar (clean-out alarm) | 7.5 | 3.3 m
Strainer dP 0.50 bar (high-high alarm) | 6.0 | 1.8 m
Strainer dP 0.50 bar and basin 0.8 m low | 5.2 | 1.0 m - cavitation likely
[/table]

Nordhavn requires NPSHa to exceed NPSHr by at least 1.5 m or by 30 %, whichever is greater. At the duty point this means at least 5.7 m. Operating at run-out (NPSHr 6.0 m) with a fouled strainer will therefore cause cavitation even with a normal basin level.

# 6 Instrumentation, alarms and trips

## 6.1 Instrument list

The pumps are supplied with the following instruments, which are connected to the plant control system. Alarms on flow, pressure and current of a pump are suppressed while that pump is stopped.

[table 16,36,10,13,25]
Tag | Measurement | Unit | Normal | Alarm / trip
PT-101 | P-101 discharge pressure | bar g | 3.1 - 3.7 | Hi 4.0; Lo 2.6; LoLo 2.2 starts standby
FT-101 | P-101 flow | m3/h | 360 - 430 | Hi 520; Lo 200; LoLo 120 trip after 60 s
II-101 | P-101 motor current | A | 80 - 100 | Hi 120; HiHi 138 overload trip; Lo 50
TT-101A | P-101 DE bearing temperature | °C | 40 - 70 | Hi 85; HiHi 95 trip
TT-101B | P-101 NDE bearing temperature | °C | 40 - 70 | Hi 85; HiHi 95 trip
VT-101 | P-101 bearing housing vibration | mm/s RMS | 0.5 - 2.3 | Hi 4.5 alert; HiHi 7.1 trip after 10 s
PDT-101 | S-101 strainer differential pressure | bar | 0.05 - 0.15 | Hi 0.35 clean; HiHi 0.50
PT-102 | P-102 discharge pressure | bar g | 3.1 - 3.7 | Hi 4.0; Lo 2.6; LoLo 2.2 starts standby
FT-102 | P-102 flow | m3/h | 360 - 430 | Hi 520; Lo 200; LoLo 120 trip after 60 s
II-102 | P-102 motor current | A | 80 - 100 | Hi 120; HiHi 138 overload trip; Lo 50
TT-102A | P-102 DE bearing temperature | °C | 40 - 70 | Hi 85; HiHi 95 trip
TT-102B | P-102 NDE bearing temperature | °C | 40 - 70 | Hi 85; HiHi 95 trip
VT-102 | P-102 bearing housing vibration | mm/s RMS | 0.5 - 2.3 | Hi 4.5 alert; HiHi 7.1 trip after 10 s
PDT-102 | S-102 strainer differential pressure | bar | 0.05 - 0.15 | Hi 0.35 clean; HiHi 0.50
[/table]

## 6.2 Bearing temperature alarm and trip

Each bearing housing carries a Pt100 sensor: TT-101A / TT-102A at the drive end and TT-101B / TT-102B at the non-drive end. The high alarm is set at 85 °C and the trip at 95 °C. The trip stops the pump and, if the other pump is in AUTO, starts it.

A steady bearing temperature up to 70 °C is normal. Investigate any rise of more than 10 K above the usual value at constant load and ambient temperature, even when it stays below the alarm. After regreasing a temporary rise of 5 to 15 K is normal while surplus grease is pushed out; it should fade within 24 hours. Do not add more grease to a bearing that is hot after greasing: this makes it worse (see 8.2).

!CAUTION Do not reset a bearing temperature trip and restart the pump until the cause is known. A second trip usually means the bearing is already damaged.

## 6.3 Vibration alert and trip

Vibration is measured as velocity RMS (10 to 1000 Hz) on the DE bearing housing by VT-101 / VT-102 and checked on all bearing housings during the quarterly vibration survey. The limits follow the zone scheme used for medium-sized machines (15 to 300 kW) on flexible supports in ISO 10816-style evaluation.

[table 14,22,64]
Zone | Velocity (mm/s RMS) | Meaning and action
A | below 2.3 | Typical of a new or freshly overhauled pump.
B | 2.3 to 4.5 | Acceptable for unrestricted long-term operation. Trend monthly.
C | 4.5 to 7.1 | Alert (VT Hi 4.5). Limited operation only; change over to the standby pump and plan corrective action.
D | above 7.1 | Damage likely. Trip (VT HiHi 7.1 for more than 10 s).
[/table]

## 6.4 Flow and pressure protection

- Low flow alarm at 200 m3/h warns that the header demand has fallen or a valve is closing.
- Minimum-flow trip: flow below 120 m3/h for 60 seconds stops the pump (section 5.2).
- Low discharge pressure alarm at 2.6 bar g; at 2.2 bar g for 5 seconds the standby pump starts.
- High discharge pressure alarm at 4.0 bar g indicates a closed or throttled valve downstream (the shut-off pressure is about 4.1 bar g).
- Motor current above 120 A raises an alarm; the overload relay trips at 138 A.

## 6.5 Strainer differential pressure

PDT-101 / PDT-102 alarm at 0.35 bar: clean the strainer at the next opportunity, after changing over to the other pump. At 0.50 bar (high-high) the margin against cavitation is small; change over and clean the strainer immediately.

# 7 Troubleshooting

[table 22,38,40]
Symptom | Possible cause | Remedy
Cavitation noise (gravel sound), fluctuating pressure and flow | Clogged suction strainer; low basin level; flow above 520 m3/h; suction valve not fully open; air drawn in by a vortex; water hotter than 35 °C | Check PDT-101/102 and clean the strainer after changeover. Open HV-101S/102S fully. Throttle discharge to bring flow back to 400 m3/h. Restore basin level and make-up. See 5.3.
High bearing temperature (TT above 85 °C) | Too much grease after regreasing; too little grease; mixed or wrong grease; misalignment; worn wear rings causing high axial thrust; bearing damage | If greased in the last 24 h, remove the drain plug and let surplus grease escape; do not add grease. Check vibration and alignment. If the trip acted, inspect the bearings before restart.
High vibration (VT above 4.5 mm/s) | Misalignment after maintenance; soft foot; worn coupling element; impeller fouled or damaged; bearing damage; cavitation; operation far from 400 m3/h | Change over to the standby pump. Check alignment (8.4), coupling element and anchor bolts. Take a vibration spectrum to separate bearing defects from unbalance.
Seal leakage (steady drips or spray) | Run dry; abrasive particles in the water; faces worn after long service; elastomer attacked by chemicals; shaft vibration | Replace the cartridge seal (8.3). Check water treatment and strainer condition. Find the cause of any dry running.
Low discharge pressure (PT below 2.6 bar g) | Wrong rotation after motor work; air in the casing; worn impeller or wear rings; strainer clogged; demand above run-out; suction valve throttled | Check rotation and vent the casing. Compare with the performance table in 2.3. Check strainer dP and suction valve. Measure wear ring clearance at the next overhaul.
High strainer dP (PDT above 0.35 bar) | Leaves, fill fragments, scale or algae from the tower basin | Change over, isolate and clean the basket (8.5). Inspect the basin screen and the tower fill. Frequent clogging in autumn is normal.
High motor current or overload trip | Flow at run-out; mechanical binding; supply voltage unbalance | Check flow and valve positions; turn shaft by hand; have an electrician check supply and soft starter.
Standby pump does not start | Selector not in AUTO; motor isolated or locked out; low basin level interlock; soft starter fault | Check selector and MCC bucket; check basin level; reset fault after the cause is cleared.
[/table]

# 8 Maintenance

## 8.1 Maintenance schedule

[table 18,82]
Interval | Task
Weekly (operator round) | Check for unusual noise, leaks at the seal and flanges, and guard condition. Read local suction gauge and strainer dP. Compare bearing temperatures and vibration with last week.
Monthly | Change the duty pump (SOP-OPS-110). Check the standby pump turns freely and its motor heater is on. Trend vibration and bearing temperatures.
Quarterly | Regrease the pump bearings (8.2). Vibration survey on all bearing housings. Clean the strainer baskets as a minimum even if the dP is low.
Annually | Check coupling alignment and coupling element (8.4). Check anchor bolts and soft foot. Inspect the seal area and measure motor insulation resistance (must exceed 10 megohm at 500 V). Calibrate TT and VT instruments.
Every 4,000 running hours | Regrease the motor bearings with the motor grease (8.2).
Every 5 years or when performance falls by 5 % | Overhaul: withdraw the back pull-out unit, measure wear ring clearance (new 0.45 mm, replace at 0.90 mm), replace bearings and seal.
[/table]

## 8.2 Bearing lubrication

The pump bearings are lubricated with a lithium-complex grease of consistency NLGI 2 with a mineral base oil of ISO VG 150 and a dropping point above 250 °C. Nordhavn supplies this grease as Lubrix LC2 (part number NPW-900-LC2-400, 400 g cartridge).

!CAUTION The motor bearings are filled with a polyurea grease, which is not compatible with the lithium-complex grease used in the pump bearings. Mixing the two softens the grease and leads to overheating. Keep two separate, clearly labelled grease guns for the pump and the motor.

Regrease the pump bearings every 2,000 running hours or every three months, whichever comes first. Because the pumps change duty every month, the quarterly calendar interval normally governs.

[table 28,24,24,24]
Bearing | Type | Grease per regreasing | Initial fill after overhaul
Pump DE (thrust) | 2 x 7311 BEP | 20 g | 60 g
Pump NDE (radial) | NU 311 ECP | 15 g | 45 g
Motor DE | 6316 C3 | 35 g (polyurea) | factory fill
Motor NDE | 6313 C3 | 25 g (polyurea) | factory fill
[/table]

One stroke of the standard lever grease gun delivers about 1.5 g; 20 g is therefore roughly 13 strokes. Weigh the gun output once when a new gun is taken into use.

Procedure for the pump bearings:

1. Wipe the grease nipple and the drain plug area clean.
2. Remove the drain plug at the bottom of the bearing housing.
3. With the pump running, press in the quantity from the table slowly, over about one minute.
4. Let the pump run for at least 30 minutes with the drain plug open so that surplus grease can escape.
5. Refit the drain plug and note the date, quantity and grease used in the maintenance log.
6. Expect the bearing temperature to rise by 5 to 15 K for up to 24 hours. Do not add more grease.

For the standby pump, carry out the regreasing during its next duty period rather than on a stopped shaft. If that is not possible, regrease the stopped pump and turn the shaft by hand ten turns.

## 8.3 Mechanical seal replacement

The NMS-55 is a pre-set cartridge seal. It is replaced as a unit; do not dismantle it on site.

1. Change over to the other pump and lock out the pump according to SOP-LOTO-101, including closed and locked suction and discharge valves and an open casing drain.
2. Remove the coupling guard and the coupling spacer.
3. Support the bearing frame with a sling. Remove the casing bolts and withdraw the back pull-out unit using the two jacking screws.
4. Lock the impeller with a strap wrench, remove the impeller nut (right-hand thread) and pull the impeller off the shaft. Keep the key.
5. Fit the three setting clips to the old seal cartridge, loosen the grub screws of the drive collar and the gland nuts, and slide the cartridge off the shaft.
6. Clean the shaft and the seal chamber; check the shaft for wear or fretting under the O-ring. Replace the shaft if the wear is deeper than 0.05 mm.
7. Lightly lubricate the new cartridge O-ring with silicone grease (never mineral oil, which attacks EPDM) and slide the cartridge onto the shaft with its setting clips in place.
8. Refit the seal chamber cover and tighten the gland nuts evenly to 25 Nm.
9. Refit the impeller with a new impeller O-ring and tighten the impeller nut to 180 Nm.
10. Tighten the drive collar grub screws to 8 Nm, then remove the setting clips and keep them for the next change.
11. Refit the back pull-out unit with a new casing gasket and tighten the casing bolts crosswise to 240 Nm.
12. Refit the spacer, check alignment (8.4) and refit the guard.
13. Fill and vent the casing (4.2) and check the seal for leaks at rest before handing back the pump.

## 8.4 Coupling alignment

Check the alignment with a laser or dial-indicator system after any work that disturbs the motor or the bearing frame, and at least once a year. The pump and motor work at similar temperatures, so no thermal offset is needed: align to zero.

[table 44,28,28]
Measurement (at 1480 rpm, 140 mm spacer) | Target | Maximum acceptable
Parallel offset | 0.00 mm | 0.05 mm
Angular misalignment | 0.00 mm per 100 mm | 0.05 mm per 100 mm
Soft foot (any motor foot) | 0.00 mm | 0.05 mm
Axial gap between hubs (spacer fitted) | 140.0 mm | 140.0 +/- 0.5 mm
[/table]

Correct soft foot before aligning. Use stainless shims, no more than three under any foot. Tighten the motor hold-down bolts (M24) to 350 Nm and recheck after tightening.

## 8.5 Strainer cleaning

1. Change the duty to the other pump (SOP-OPS-110) and lock out the pump of the strainer to be cleaned (SOP-LOTO-101).
2. Close the suction valve and the discharge valve, then open the strainer drain DV-101S (DV-102S) and the casing vent.
3. When the strainer body is empty, loosen the cover bolts evenly and lift off the cover.
4. Lift out the basket and clean it with a brush and low-pressure water in the drain trough; do not use high-pressure jets (aerosols).
5. Check the basket for holes or a torn rim. Replace the cover gasket if damaged.
6. Refit the basket and cover, close the drain, fill and vent through VV-101 (VV-102).

## 8.6 Storage of the standby pump

A pump that stays stopped for more than one month should be run for at least 30 minutes or turned by hand ten turns every week, so that the rolling elements do not mark the bearing races. Keep the motor space heater energized.

# 9 Spare parts

## 9.1 Recommended spare parts

The quantities below are Nordhavn's recommendation for two identical pumps on one site (P-101 and P-102).

[table 36,26,14,24]
Part | Part number | Per pump | Recommended stock
Cartridge mechanical seal NMS-55, SiC/carbon, EPDM | NPW-310-055-E | 1 | 1
Bearing kit (2 x 7311 BEP, NU 311 ECP, circlips, bearing isolators) | NPW-KIT-ES200-B | 1 | 1
Angular contact bearing pair 7311 BEP | NPW-320-7311 | 1 pair | 1 pair
Cylindrical roller bearing NU 311 ECP | NPW-320-0311 | 1 | 1
Bearing isolator (lip seal) | NPW-330-055 | 2 | 2
Casing gasket, aramid 2 mm | NPW-400-315-G | 1 | 2
Impeller O-ring | NPW-410-050-E | 1 | 2
Casing wear ring | NPW-220-200-C | 1 | 1
Impeller, bronze, 298 mm | NPW-210-315-298 | 1 | 1 (shared)
Shaft with key and impeller nut | NPW-230-ES200 | 1 | 1 (shared)
Coupling element set, 140 mm spacer coupling | NPW-510-140-E | 1 | 1
Grease Lubrix LC2, 400 g cartridge | NPW-900-LC2-400 | - | 6
Strainer basket 3 mm (Fenwick) | FBS-250-B3 | 1 | 1
Strainer cover gasket (Fenwick) | FBS-250-GK | 1 | 2
[/table]

## 9.2 Ordering

Give the pump serial number (NPW-19-40871 for P-101, NPW-19-40872 for P-102), the part number and the quantity. Parts for the strainers are ordered from Fenwick Flow Components. Motor parts, including motor bearings, are ordered from Teviot Electric Motors with the motor serial number from the nameplate.
`,
}
