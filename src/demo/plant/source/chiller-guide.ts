import type { DocSource } from './model.ts'

/** Kestrel KWS-700-V service guide for CH-301 (fictional). Rendered as DOCX. */
export const chillerGuide: DocSource = {
  title: 'KWS-700-V Water-Cooled Screw Chiller - Service Guide (CH-301)',
  publisher: 'Kestrel Climate Systems',
  keywords: 'CH-301, chiller, KWS-700-V, R-134a, condenser, oil analysis, refrigerant, alarms, seasonal start-up',
  cover: {
    title: 'KWS-700-V Water-Cooled Screw Chiller',
    subtitle: 'Service guide for operators and refrigeration technicians',
    lines: [
      'Site: Riverbend Foods, utilities area - chilled water. Site tag CH-301, serial KCS-KWS7-20-1187, commissioned 2020.',
      'Document KCS-SG-KWS700-RB, issue 3, February 2024.',
      'Issue 3 changes: eddy-current test results of 2024 added; oil analysis limits aligned with the Kestrel laboratory; condenser approach cleaning trigger lowered from 5.0 K to 4.5 K.',
    ],
  },
  headerLeft: 'Kestrel Climate Systems',
  headerRight: 'KWS-700-V service guide - CH-301',
  footerLeft: 'KCS-SG-KWS700-RB issue 3',
  body: String.raw`
# 1 Scope and safety

## 1.1 Scope

This guide covers routine service of the KWS-700-V chiller installed as CH-301: operating limits, alarms and what they mean, refrigerant handling, condenser tube cleaning, oil analysis and the start-up after a seasonal or long stop. Repairs inside the refrigerant circuit, the compressor and the variable-speed drive (VFD) are outside its scope and are done by Kestrel service or by the site refrigeration contractor.

## 1.2 Who may do what

- Operators read and log values, acknowledge alarms, reset alarms that this guide marks as operator-resettable, and start and stop the chiller from the controller.
- Only refrigeration technicians holding a valid certificate for handling fluorinated refrigerants may connect gauges, add, recover or transfer refrigerant, or open the refrigerant circuit. At Riverbend this work is done by the contractor Coldline Refrigeration Services.
- Electrical work on the VFD and the control panel requires an electrically qualified person and the lockout procedure SOP-LOTO-301.

## 1.3 Main hazards

- Refrigerant R-134a is heavier than air and collects at floor level and in pits; in a closed room it can displace oxygen. Contact with liquid causes frostbite. In a flame or on a hot surface it decomposes into toxic and corrosive gases, including hydrogen fluoride.
- The condenser works at up to 13 bar g and the evaporator at up to 10 bar g when the chiller is stopped on a hot day.
- The VFD contains DC-bus capacitors that stay charged after the supply is switched off. Wait at least 15 minutes after isolation and measure less than 50 V DC between DC+ and DC- before touching anything inside the VFD cabinet.
- The compressor discharge line and the oil separator reach 90 °C.

!WARNING The plant room refrigerant detector RD-301 gives a warning at 500 ppm and an alarm at 1,000 ppm. The alarm starts the emergency extract fan EF-301. When the alarm sounds, leave the plant room and do not re-enter until the reading is below 500 ppm, unless you are a member of the emergency team wearing breathing apparatus.

# 2 Unit description and data

The KWS-700-V has one refrigerant circuit with a semi-hermetic twin-screw compressor driven by a variable-speed drive, a shell-and-tube flooded evaporator, a shell-and-tube condenser cooled by the site cooling-water system, an electronic expansion valve and an oil separator with oil return. Capacity is controlled by compressor speed between 30 % and 100 %.

[table 45,55]
Item | Value
Cooling capacity | 700 kW at 11 °C / 6 °C chilled water and 29 °C / 34 °C condenser water
Compressor power input | 138 kW at full load; COP 5.1
Full-load current | 245 A at 400 V; VFD current limit 250 A
Refrigerant | R-134a, charge 165 kg
Compressor oil | Kestrel K-POE 170 (polyolester), 22 litres
Evaporator | Flooded shell and tube, water in tubes; design flow 120 m3/h, pressure drop 45 kPa
Condenser | Shell and tube, 212 internally enhanced copper tubes of 19 mm, 2 water passes; design flow 145 m3/h, pressure drop 52 kPa
Pressure relief | Dual relief valves on condenser (16 bar g) and evaporator (10 bar g) with changeover valve
Main supply | 400 V, 50 Hz from SWB-1 breaker Q12
Control supply and oil heater | 230 V from DB-3 circuit 7
Chilled water pump | P-301 (120 m3/h, 28 m), interlocked with the chiller
[/table]

# 3 Operating limits and normal values

## 3.1 Operating limits

[table 46,54]
Parameter | Limit
Chilled water leaving temperature (set point) | 5.0 to 12.0 °C; Riverbend set point 6.0 °C
Chilled water flow | 72 to 150 m3/h (minimum 60 % of design)
Condenser water entering temperature | 18 to 35 °C in continuous operation; at least 15 °C for start-up
Condenser water flow | 100 to 180 m3/h
Condenser pressure | high-pressure cutout at 13.0 bar g (manual reset)
Evaporator pressure | low-pressure cutout at 1.5 bar g
Leaving chilled water temperature | freeze-protection cutout at 3.0 °C (manual reset)
Compressor starts | at most 6 per hour, at least 5 minutes between stop and restart
Ambient in plant room | 5 to 40 °C
[/table]

## 3.2 Normal operating values

The values below are typical at 50 to 100 % load with a clean condenser. Log them at the start of every shift.

[table 16,40,20,24]
Tag | Measurement | Normal | Alarm / cutout
TT-301 | Chilled water supply (leaving) temperature | 5.5 to 7.0 °C | Hi 9.0; Lo 4.0; LoLo 3.0 cutout
TT-302 | Chilled water return (entering) temperature | 9.5 to 12.5 °C | Hi 15.0
PT-301 | Condenser pressure | 6.5 to 9.5 bar g | Hi 11.0; HiHi 13.0 cutout; Lo 5.5
II-301 | Compressor current | 110 to 240 A | Hi 260; HiHi 275 trip
FT-301 | Chilled water flow (P-301) | 110 to 130 m3/h | Lo 85; LoLo 72 trip
- | Evaporator pressure | 2.0 to 2.6 bar g | cutout 1.5 bar g
- | Condenser approach | 1.5 to 3.0 K | clean at 4.5 K
- | Oil level | sight glass half full or more | low oil level trip
[/table]

## 3.3 R-134a pressure and temperature

Use this table to convert the condenser pressure PT-301 into the condensing temperature.

[table 50,50]
Saturation temperature (°C) | Pressure (bar g)
30 | 6.7
34 | 7.6
36 | 8.1
38 | 8.6
40 | 9.2
44 | 10.3
46 | 10.9
50 | 12.2
52 | 12.9
[/table]

# 4 Alarms and what they mean

## 4.1 Alarm table

[table 24,38,38]
Alarm | Meaning | Action
High chilled water temperature (TT-301 above 9.0 °C) | The chiller cannot keep up with the load or is limited by current, high condenser pressure or a fault | Check whether the compressor is at 100 % speed or in a limit. Check TT-302 (return above 15 °C means the process load is too high). Check PT-301.
Low chilled water temperature (TT-301 below 4.0 °C) | Load has fallen faster than the control can follow, or the set point has been changed | Check the set point (6.0 °C). The compressor unloads automatically.
Freeze protection cutout (TT-301 at 3.0 °C) | Water in the evaporator tubes is close to freezing | Do not reset until the cause is known; check flow FT-301 and the temperature sensor. Manual reset by the shift supervisor.
High condenser pressure (PT-301 above 11.0 bar g) | Heat is not being removed from the condenser: low cooling-water flow, warm cooling water, fouled tubes or air in the refrigerant circuit | Check that a cooling-water pump (P-101 or P-102) is running and that HV-303A/B are open. Check tower basin temperature TT-103. Calculate the approach (6.1).
High-pressure cutout (PT-301 at 13.0 bar g) | Safety pressure switch has stopped the compressor | Find and correct the cause before resetting. Reset only once; a second cutout requires the refrigeration contractor.
Low condenser pressure (PT-301 below 5.5 bar g) | Cooling water too cold, usually in winter with light load | Check that the CT-101 fans are running at minimum speed only and that the basin is not below 18 °C.
High current (II-301 above 260 A) | Operation close to the limit, usually with high condenser pressure | The VFD limits current at 250 A. A trip at 275 A needs an electrician.
Low chilled water flow (FT-301 below 85 m3/h; trip at 72 m3/h) | P-301 problem, closed valve or blocked strainer in the chilled-water loop | Check P-301, HV-302A/B and the loop strainer. The evaporator flow switch FS-301 backs up FT-301.
Low evaporator pressure (1.5 bar g) | Low refrigerant charge, low water flow or a faulty expansion valve | Check flow and the liquid sight glass. A repeated alarm points to a leak: call the contractor.
Refrigerant detector RD-301 (500 / 1,000 ppm) | Refrigerant in the plant room air | Follow the warning in 1.3; call the contractor to find the leak.
[/table]

## 4.2 Resetting

Operators may reset a high chilled-water temperature, low condenser pressure and low flow alarm once the condition has cleared. A freeze-protection cutout or high-pressure cutout may be reset once by the shift supervisor after the cause has been found. Any cutout that repeats, and any low evaporator pressure or refrigerant detector alarm, must be referred to the refrigeration contractor.

# 5 Refrigerant handling

## 5.1 Charge and leak checks

The circuit holds 165 kg of R-134a. Because of the size of this charge, Riverbend has the circuit leak-checked every six months by the refrigeration contractor, in addition to the continuous monitoring by RD-301. Every check, every addition and every recovery is written in the refrigerant log book for CH-301, which is kept in the plant room binder RLB-CH301.

Points that most often leak on this model are the stems of the service valves SV-301S (suction), SV-301D (discharge) and SV-301L (liquid line), flare connections of the pressure transducers, the liquid line sight glass, the relief valve connections and the oil return line fittings.

## 5.2 Rules for handling

- Never release refrigerant to the atmosphere. Recover it with a recovery unit into cylinders marked for R-134a; fill cylinders to no more than 80 % of their capacity and weigh every cylinder.
- The condenser can hold the whole charge. For work on the low side, close the liquid line valve SV-301L and pump the charge down into the condenser using the service pump-down function, then close SV-301D and SV-301S.
- Charge refrigerant only with water flowing through both heat exchangers; liquid refrigerant can freeze water in stationary tubes and burst them.
- Before brazing, recover the refrigerant from the section and purge it with oxygen-free dry nitrogen. Pressure-test repairs with dry nitrogen (high side 14 bar g, low side 9 bar g) and evacuate to below 2 mbar before recharging.
- Do not mix refrigerants. Use only POE oil; R-134a does not carry mineral oil back to the compressor.

# 6 Condenser tube cleaning

## 6.1 Why and when

The condenser is cooled by open cooling-tower water. Scale, silt and biofilm slowly coat the inside of the tubes and the condensing temperature rises. As a rule of thumb, every 1 K of extra condensing temperature costs about 3 % more compressor power, and heavily fouled tubes lead to high condenser pressure alarms in summer.

Watch the condenser approach: the condensing temperature (from PT-301, using the table in 3.3) minus the condenser water leaving temperature. With clean tubes and more than 75 % load the approach is about 2.0 K. Clean the tubes when the approach exceeds 4.5 K at more than 75 % load, and in any case once a year in March, before the summer season.

Example: PT-301 reads 10.3 bar g, so the condensing temperature is 44 °C. Condenser water leaves at 36 °C. The approach is 8 K: the tubes need cleaning.

## 6.2 Procedure

1. Agree the outage with production; chilled water will not be available unless the loads are on standby cooling.
2. Stop the chiller, then lock it out according to SOP-LOTO-301, including the condenser water valves HV-303A (inlet) and HV-303B (outlet).
3. Open the vent and the condenser drain DV-303 and drain the water side completely.
4. Remove the water-box covers at both ends of the condenser (26 bolts M20 per cover). Support the covers with the davit arms.
5. Inspect and photograph the tube ends and tube sheets. Note the type of deposit: soft silt and slime, or hard scale.
6. Push a nylon brush of the correct size for 19 mm internally enhanced tubes through each tube with a rotating cleaning machine, flushing with low-pressure water. Do not use steel brushes; they destroy the internal enhancement.
7. If hard scale remains, the contractor circulates an inhibited descaling solution, then neutralizes and flushes.
8. Clean the gasket faces, fit new water-box gaskets and tighten the cover bolts crosswise to 200 Nm.
9. Close the drain, fill slowly through HV-303A with the vent open, close the vent and check for leaks.
10. Remove locks according to the procedure, restart, and record the approach at more than 75 % load before and after cleaning in the service log.

## 6.3 Eddy-current testing

Every five years the condenser and evaporator tubes are tested with an eddy-current probe to find wall thinning before a tube leaks. The last test was done in January 2024: two condenser tubes showed wall loss of more than 40 % and were plugged at both ends, leaving 210 tubes in service. The next test is due in January 2029.

# 7 Oil analysis

## 7.1 Sampling

The compressor oil is sampled every quarter and sent to the Kestrel oil laboratory.

1. Run the chiller for at least one hour at more than 50 % load.
2. Connect a clean sampling hose to the oil sample valve on the oil separator.
3. Flush about 200 ml into a waste container, then fill the 100 ml sample bottle from the laboratory kit.
4. Close the bottle at once: POE oil absorbs moisture from the air within minutes.
5. Label the bottle with CH-301, the date, the compressor running hours and the oil type.

## 7.2 Interpreting the results

[table 28,24,24,24]
Property | Normal | Caution | Action
Moisture | below 50 ppm | 50 to 100 ppm | above 100 ppm: change filter-drier core, resample in 2 weeks
Acid number (TAN) | below 0.10 mg KOH/g | 0.10 to 0.20 | above 0.20: change oil and filter-drier, look for the cause
Viscosity change from new | within 10 % | 10 to 15 % | above 15 %: change oil
Iron | below 20 ppm | 20 to 50 ppm | above 50 ppm: bearing wear suspected, call Kestrel
Copper | below 15 ppm | 15 to 30 ppm | above 30 ppm: check for copper plating and acid
[/table]

The oil is not changed on a time basis. It is changed when the analysis says so, after a compressor motor failure, or after the circuit has been opened and contaminated. Keep K-POE 170 in its sealed 5-litre tins and use a tin completely once it is opened.

## 7.3 Filter-drier

Replace the filter-drier core in the liquid line when the pressure drop across it exceeds 0.7 bar, when the moisture indicator in the sight glass turns yellow, or when the oil moisture exceeds 100 ppm.

# 8 Seasonal start-up

## 8.1 Background

CH-301 normally runs all year because the production halls need chilled water in every season. It is stopped for the annual plant shutdown in January and sometimes for longer repairs. The steps below apply to every start after a stop of more than one week. The spring readiness check in 8.3 prepares the plant for the summer season.

## 8.2 Start-up after a long stop

1. Confirm that all work on the chiller is complete and that the locks have been removed under SOP-LOTO-301.
2. Switch on the control supply (DB-3 circuit 7) at least 24 hours before start-up so that the oil heater drives refrigerant out of the oil. Starting with a cold oil sump causes foaming and can damage the compressor bearings.
3. Check that the oil level is at least half of the sight glass.
4. Start the chilled water pump P-301 and confirm that FT-301 shows at least 110 m3/h.
5. Start a cooling-water pump (P-101 or P-102) and confirm that HV-303A/B are open. The tower basin temperature TT-103 must be at least 15 °C.
6. Check the set point (6.0 °C) and that no alarm is active.
7. Start the chiller from the controller. The compressor starts at minimum speed and ramps up over about 5 minutes.
8. After 30 minutes check: oil level still visible, liquid line sight glass clear without bubbles, TT-301 approaching 6.0 °C, PT-301 within 6.5 to 9.5 bar g.
9. Record all values and the start-up in the log.

## 8.3 Spring readiness check (March)

- Condenser tubes cleaned and approach recorded (section 6).
- Cooling tower CT-101 cleaned and disinfected, fans and gearboxes checked.
- Leak check done and recorded in RLB-CH301.
- High-pressure cutout tested by the contractor (must act at 13.0 bar g plus or minus 0.3 bar).
- TT-301 and TT-302 checked against a reference thermometer (maximum deviation 0.3 K).

# 9 Service schedule

[table 20,80]
Interval | Work
Every shift | Log TT-301, TT-302, PT-301, II-301, FT-301, evaporator pressure, oil level and sight glass.
Monthly | Check the approach; clean the control panel filters; check the RD-301 detector display.
Quarterly | Oil sample (section 7).
Every 6 months | Leak check by the contractor, recorded in RLB-CH301.
Annually (March) | Condenser tube cleaning, spring readiness check, VFD cooling fan and filter check, tightening of power terminals.
Every 5 years | Eddy-current test of tubes (next January 2029); replacement of the relief valves.
[/table]

# 10 Contacts

- Kestrel Climate Systems service: service@kestrel-climate.example (quote serial KCS-KWS7-20-1187).
- Refrigeration contractor: Coldline Refrigeration Services, service contract CRS-2291, 24-hour line in the utilities area overview.
`,
}
