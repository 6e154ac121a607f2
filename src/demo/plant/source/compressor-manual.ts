import type { DocSource } from './model.ts'

/** Aldermoor ARS 90-W operator and service manual for K-201 (fictional). */
export const compressorManual: DocSource = {
  title: 'ARS 90-W Oil-Injected Rotary Screw Compressor - Operator and Service Manual (K-201)',
  publisher: 'Aldermoor Compressors',
  keywords: 'K-201, air compressor, ARS 90-W, screw compressor, separator, oil change, load unload, PSV-201, V-201',
  cover: {
    title: 'ARS 90-W Rotary Screw Compressor',
    subtitle: 'Oil-injected, water-cooled - operator and service manual',
    lines: [
      'Installation: Riverbend Foods, utilities area - compressed air',
      'Site tag: K-201, serial number ALD-ARS90W-16-2231, built 2016',
      'Rating: 90 kW, 15.2 m3/min free air delivery at 7.0 bar g, maximum working pressure 7.5 bar g',
      'Controller: AirLogic 3, firmware 3.8 (site settings listed in chapter 3)',
      'Document number: ALD-OSM-ARS90W-EN, Revision F, September 2022',
      'Revision F changes: separator element change limit lowered from 0.8 to 0.7 bar; low discharge temperature warning added; oil change interval for RotaLube S-46 confirmed at 4,000 h.',
      'This manual applies to the compressor package only. The air receiver V-201, its safety valve PSV-201 and the dryer D-201 were supplied by others; they are described here only where they affect the compressor.',
      'Aldermoor Compressors - service: service@aldermoor-air.example',
    ],
  },
  headerLeft: 'Aldermoor Compressors',
  headerRight: 'ARS 90-W operator and service manual - K-201',
  footerLeft: 'ALD-OSM-ARS90W-EN Rev. F',
  body: String.raw`
# 1 Safety

## 1.1 Safety notices

Boxed notices in this manual are graded DANGER, WARNING, CAUTION and NOTE. DANGER and WARNING protect people; CAUTION protects the compressor and the installation; NOTE gives advice for reliable and economical operation. Only trained and authorized persons may operate or service the compressor, and all service work must be done under the site lockout/tagout procedure (at Riverbend: SOP-LOTO-201).

## 1.2 Compressed air and stored energy

The package contains the separator vessel (oil sump, about 110 litres gas volume) which is under pressure whenever the compressor is loaded. When the compressor stops, the automatic blowdown valve vents the separator vessel to atmosphere within about 60 seconds. The air receiver V-201 (3,000 litres) downstream of the discharge valve HV-201A is not vented by the compressor and stays at network pressure for hours.

!WARNING Before opening any pressurized part (filters, separator cover, piping, valves) stop the compressor, isolate it electrically, close the discharge valve HV-201A and confirm zero pressure on the separator gauge. If the work touches the discharge line, the check valve or the receiver, the receiver V-201 must also be vented to zero. Never loosen a plug or fitting to check whether pressure is present.

## 1.3 Automatic start and restart

A compressor that is stopped is not necessarily safe. The AirLogic controller stops the motor after a period of unloaded running and starts it again without warning when the network pressure falls to the load pressure. At Riverbend the controller is also set to restart automatically 30 seconds after the return of power following a supply failure, and the compressor can be started remotely from the control room.

!DANGER The green "Automatic operation" lamp means the compressor can start at any moment. Pressing STOP or selecting LOCAL does not isolate the compressor. Isolate and lock the main feeder (MCC-2 bucket 4B) before opening the enclosure doors for any work inside.

## 1.4 Hot oil and hot surfaces

The oil and the discharge pipe can reach 110 °C. Allow the compressor to cool for at least 30 minutes before changing oil or filters, and wear heat-resistant gloves. Hot oil under pressure causes severe burns: never open the oil filler plug while the separator vessel is under pressure.

## 1.5 Other hazards

- Noise: 72 dB(A) at 1 m with doors closed. With doors open the level exceeds 85 dB(A).
- Compressed-air condensate contains oil. It must go to the oil-water separator OWS-201 and never to a drain.
- Never use compressed air to clean clothing or skin.

# 2 Description and technical data

## 2.1 Working principle

Air enters through the air filter and the inlet valve into the screw air-end, where two helical rotors compress it. Oil injected into the air-end seals the rotor clearances, removes the heat of compression and lubricates the air-end bearings. The air/oil mixture leaves the air-end through the discharge temperature sensor TT-201 into the separator vessel. Most of the oil falls out by gravity; the remaining mist is caught by the coalescing separator element. The collected oil is returned to the air-end through the scavenge line, which contains a 1.2 mm orifice and a sight glass.

The air leaves the package through the minimum pressure valve, which opens at 4.5 bar g and keeps enough pressure in the separator vessel to circulate the oil. It then passes the water-cooled aftercooler and the water separator with its electronic drain EWD-201A. The oil is cooled in a water-cooled plate oil cooler. A thermostatic valve (opening at 71 °C, fully open at 85 °C) lets the oil bypass the cooler until it is warm, so that water does not condense in the oil.

## 2.2 Technical data

[table 46,54]
Item | Value
Type | ARS 90-W, oil-injected single-stage rotary screw, water-cooled
Free air delivery | 15.2 m3/min at 7.0 bar g
Load / unload pressure (site setting) | 6.3 bar g / 7.0 bar g
Maximum working pressure | 7.5 bar g
High-pressure shutdown | 7.8 bar g
Package safety valve (separator vessel) | 9.0 bar g, not adjustable
Minimum pressure valve opening | 4.5 bar g
Main motor | 90 kW, 400 V, 50 Hz, 2-pole, IP55, full-load current 158 A
Starting | Star-delta, 8 s changeover
Maximum motor starts | 6 per hour (enforced by the controller)
Motor bearings | DE 6317 C3, NDE 6316 C3, polyurea grease
Oil | Aldermoor RotaLube S-46 (synthetic, ISO VG 46)
Oil capacity | 48 litres
Cooling water | 8 m3/h at maximum 32 °C inlet, 3 to 5 bar g; outlet about 40 °C
Discharge air temperature | about 8 K above cooling water inlet
Sound level | 72 dB(A) at 1 m
Weight | 2,350 kg
[/table]

## 2.3 Site connections at Riverbend

[table 24,76]
Tag | Function
HV-201A | Compressor discharge isolation valve between K-201 and receiver V-201
V-201 | Wet air receiver, 3,000 litres, design pressure 10 bar g
PSV-201 | Safety valve on V-201, set 8.5 bar g
HV-201V | Receiver vent (blowdown) valve, exhausts through a silencer
HV-201D | Receiver manual drain valve
HV-201B | Receiver outlet to the dryer D-201
HV-204A / HV-204B | Cooling water supply / return valves to the package
EWD-201A | Zero-loss drain on the package water separator
EWD-201C | Zero-loss drain on the receiver V-201
MCC-2 bucket 4B | Main feeder and isolator of the compressor
LP-2 circuit 14 | Enclosure anti-condensation heater (separate 230 V supply)
[/table]

# 3 Control and protection

## 3.1 Load/unload regulation

The controller measures the package discharge pressure with PT-201. When the pressure rises to the unload pressure of 7.0 bar g, the inlet valve closes and the separator vessel is blown down to about 2 bar g; the motor keeps running without delivering air. When the pressure falls to the load pressure of 6.3 bar g the loading solenoid Y1 opens the inlet valve and the compressor delivers air again.

Unloaded running takes about 28 kW (motor current about 50 A) against about 150 A when loaded. If the compressor runs unloaded for longer than the run-on time of 6 minutes, the motor stops and the compressor waits in automatic standby. It restarts by itself when the pressure reaches 6.3 bar g. To protect the motor the controller allows no more than 6 starts per hour and lengthens the run-on time when that limit is approached.

## 3.2 Operating modes

- LOCAL: started and stopped with the buttons on the controller.
- REMOTE: started and stopped from the plant control system through the remote start contact. Loading still follows PT-201.
- Emergency stop: the red mushroom button stops the motor at once without unloading. Use it only in an emergency; it stresses the air-end and can cause oil carry-over.

## 3.3 Warnings and shutdowns

A warning lights the yellow lamp and is reported to the control room; the compressor keeps running. A shutdown stops the compressor and must be reset on the controller after the cause is removed.

[table 14,34,10,42]
Tag | Measurement | Normal | Warning / shutdown
PT-201 | Discharge pressure, bar g | 6.3 - 7.0 | Warning high 7.5; shutdown 7.8; warning low 5.8 (network demand above capacity or leak)
TT-201 | Air/oil discharge temperature, °C | 75 - 95 | Warning 105; shutdown 110; low-temperature warning 65 after 30 min loaded
PDT-201 | Separator element differential pressure, bar (loaded) | 0.10 - 0.50 | Warning high 0.70 (replace element); shutdown 1.00; warning low 0.05 (element rupture suspected)
II-201 | Motor current, A | 45 - 155 | Warning 162; overload trip 166
- | Air filter differential pressure | below 30 mbar | Warning 50 mbar (replace air filter)
- | Oil filter differential pressure | below 1.0 bar | Warning 1.4 bar (replace oil filter)
- | Motor winding thermistors | - | Shutdown
- | Cooling water flow switch FSL-204 | flow | Warning on low flow; high temperature follows within minutes
[/table]

# 4 Operation

## 4.1 Before starting

1. Check the oil level in the sight glass on the separator vessel with the compressor stopped and depressurized for at least 5 minutes: the level must be between the MIN and MAX marks.
2. Check that the cooling water valves HV-204A and HV-204B are fully open.
3. Check that the discharge valve HV-201A is open. Never start against a closed discharge valve.
4. Check that the drains EWD-201A and EWD-201C are powered (green LED) and discharge when the test button is pressed.
5. Check that no warning or shutdown is active on the controller.

## 4.2 Starting

1. Select LOCAL or REMOTE as instructed by the shift supervisor.
2. Press START (or give the remote start). The motor starts in star and changes to delta after 8 seconds.
3. After a further 10 seconds the compressor loads if the pressure is below 6.3 bar g.
4. Within 10 minutes the discharge temperature should rise above 75 °C. If it stays below 70 °C for more than 30 minutes of loaded running, check the thermostatic valve (5.3).

## 4.3 Stopping

1. Press STOP (or remove the remote start). The compressor unloads, runs unloaded for 30 seconds and then stops.
2. The blowdown valve vents the separator vessel. Do not restart within 60 seconds of stopping.
3. For a longer stop, close HV-201A. Leave the cooling water open unless there is a risk of freezing.

## 4.4 Normal operating values

[table 40,30,30]
Parameter | Normal value | Source
Discharge pressure (cycling) | 6.3 to 7.0 bar g | PT-201
Discharge temperature, loaded | 75 to 95 °C | TT-201
Separator differential pressure, loaded | 0.15 to 0.25 bar new; up to 0.50 bar | PDT-201
Motor current loaded / unloaded | about 150 A / about 50 A | II-201
Oil level, stopped | between MIN and MAX | sight glass
Scavenge sight glass, loaded | steady flow of oil with air bubbles | sight glass
Cooling water outlet | 35 to 42 °C | local thermometer
Dryer pressure dew point | 2 to 6 °C | TT-202 on D-201
[/table]

## 4.5 Condensate drains

Water condenses in the aftercooler, the receiver and the dryer. In summer, with the compressor loaded all day, up to 200 litres of oily condensate are produced per day. The zero-loss drains EWD-201A (package), EWD-201C (receiver V-201) and EWD-201B (dryer D-201) discharge only water and send it to the oil-water separator OWS-201.

1. Once a day the operator presses the test button of each drain and checks that it discharges.
2. Once a week the operator opens the receiver manual drain HV-201D for a few seconds to confirm that no water has collected; a continuous stream means EWD-201C has failed.
3. A failed drain floods the downstream equipment: the dryer dew point TT-202 rises and water reaches the plant air lines.

# 5 Understanding the alarms

## 5.1 High discharge temperature

The discharge temperature TT-201 is the best indicator of the oil temperature. A warning appears at 105 °C and the compressor shuts down at 110 °C. Oil that runs hot oxidizes quickly, forms varnish and shortens the life of the separator element and the air-end bearings. Every 10 K above 95 °C roughly halves the oil life.

The most common causes are a lack of cooling water (closed valve, cooling-water pumps tripped, clogged cooling-water strainer), cooling water that is too warm (above 32 °C), a fouled oil cooler, a low oil level, a blocked oil filter or a defective thermostatic valve that does not open.

## 5.2 Separator differential pressure

PDT-201 measures the pressure drop across the separator element while the compressor is loaded. A new element shows 0.15 to 0.25 bar. The value rises slowly as the element collects oil degradation products and dust that passed the air filter. A high separator dP means the element is loading up: the compressor must work against a higher pressure (each additional 0.1 bar costs about 0.7 % more power) and, if the dP keeps rising, the element can collapse and release oil into the air system.

- 0.70 bar (warning): the element has reached its change limit. Replace it within 200 running hours, at the latest at the next planned stop.
- 1.00 bar (shutdown): risk of element collapse. Do not restart before the element has been replaced.
- A rapid rise of more than 0.2 bar within 500 running hours points to a problem with the oil: oxidation from high temperatures, the wrong oil type, or water in the oil from running too cold (5.3).
- A sudden fall to below 0.05 bar while loaded means the element is probably ruptured or its gasket has blown. Expect oil carry-over.

## 5.3 Low discharge temperature

If the compressor runs loaded with a discharge temperature below 70 °C, the water vapour in the air condenses in the separator vessel and mixes with the oil. Wet oil forms an emulsion that blocks the separator element and the oil filter and corrodes the air-end bearings. The low-temperature warning appears when TT-201 is below 65 °C after 30 minutes of loaded running. The usual cause is a thermostatic valve element stuck open; replace the element (part ALD-2906-0071). A milky oil sample confirms water in the oil: change the oil immediately.

## 5.4 Pressure warnings

A high-pressure warning (7.5 bar g) or shutdown (7.8 bar g) while the compressor should have unloaded means that the inlet valve did not close, that the PT-201 signal is wrong or that the load/unload settings were changed. A low-pressure warning (5.8 bar g) means the air demand exceeds the compressor capacity, a large leak has opened, the dryer bypass or a filter is blocked, or the compressor does not load.

# 6 Troubleshooting

[table 22,38,40]
Symptom | Possible cause | Remedy
High discharge temperature (warning 105 °C, shutdown 110 °C) | Cooling water flow low or valves HV-204A/B closed; cooling water inlet above 32 °C; oil cooler fouled; oil level low; oil filter blocked; thermostatic valve not opening | Check FSL-204 and valve positions, and that a cooling-water pump is running. Check oil level. Measure water inlet/outlet temperatures: a difference below 3 K with hot oil means the cooler is fouled or bypassed. Replace the oil filter or thermostatic element as needed.
Oil carry-over (oil in air lines, oily condensate at the dryer, high oil consumption) | Separator element ruptured (dP below 0.05 bar); scavenge orifice or its screen blocked; oil level too high; emergency stops or frequent blowdown at high pressure; oil foaming with the wrong oil | Check PDT-201 history. Clean the scavenge orifice (1.2 mm) and screen. Drain to the correct level. Replace the element and clean the dryer and downstream filters. Use only RotaLube S-46.
Safety valve blowing (PSV-201 on V-201 or package safety valve) | Inlet valve stuck open during unload; PT-201 reading low; discharge valve HV-201A closed while running (package valve); PSV-201 set pressure drifted or seat damaged (valve lifts or weeps below 8.5 bar g) | Stop the compressor. Compare PT-201 with the receiver gauge PI-201R. Check that HV-201A is open. If PSV-201 opens below its 8.5 bar g set pressure or does not reseat, replace it with the certified spare; do not adjust it on site.
Compressor runs but will not load | Network pressure above 6.3 bar g (normal); loading solenoid Y1 faulty; inlet valve sticking; control line leaking; REMOTE selected without a load permissive; PT-201 fault | Check the controller status screen. Measure 24 V DC at Y1 when load is called. Service the inlet valve. Check the pressure transducer against the receiver gauge.
Compressor does not start | Shutdown not reset; start limit of 6 per hour reached; blowdown not finished (wait 60 s); main feeder off or locked out; phase sequence | Read the controller message. Wait for the start timer. Check MCC-2 bucket 4B.
Motor overload trip (II-201 at 166 A) | Working pressure above 7.5 bar g; separator dP very high; air-end bearing damage; low supply voltage | Check settings and PDT-201. Turn the air-end by hand with the feeder locked off: it must turn smoothly. Have the supply checked.
Water in plant air lines | Drain EWD-201A/B/C failed; dryer D-201 not running or dew point high | Test the drains; check TT-202 and the dryer alarms.
Low discharge temperature (below 65 °C) | Thermostatic valve stuck open; very low load with long unloaded periods | Replace thermostatic element. Check oil for water.
[/table]

# 7 Maintenance

## 7.1 Service schedule

Service intervals are counted in running hours, as shown on the controller. K-201 runs almost continuously, about 7,800 hours per year, so the 4,000-hour service falls roughly every six months and the 8,000-hour service once a year. If fewer hours are run, the calendar limits in brackets apply.

[table 24,76]
Interval | Work
Daily | Read PT-201, TT-201, PDT-201 and running hours. Check oil level when stopped, scavenge sight glass, drain test buttons. Listen for unusual noise.
Weekly | Open HV-201D briefly (4.5). Check dryer dew point TT-202. Look for oil and water leaks inside the enclosure.
2,000 h (3 months) | Replace the air filter element (earlier if the 50 mbar warning appears). Clean the scavenge orifice and screen. Clean the enclosure inlet grilles.
4,000 h (12 months) | Change the oil (48 litres) and the oil filter. Take an oil sample for analysis before draining. Regrease the motor bearings. Check the thermostatic valve function. Check the coupling.
8,000 h (12 months) | In addition to the 4,000 h work: replace the separator element; service the minimum pressure valve and the inlet valve; service kits for the drains EWD-201A/C. Check the water side of the oil cooler and aftercooler.
24,000 h (4 years) | Replace all flexible oil and air hoses.
40,000 h | Exchange the air-end for a factory-overhauled unit (new bearings and shaft seal).
[/table]

## 7.2 Oil change

Use only Aldermoor RotaLube S-46. Do not mix it with mineral oils or with other synthetic oils; mixing causes foaming and varnish. The full charge is 48 litres, of which about 40 litres are drained from the separator vessel and the rest remains in the cooler and pipes.

1. Run the compressor loaded until the oil is warm (about 60 °C), then stop it. Warm oil drains more completely.
2. Lock out the compressor (SOP-LOTO-201) and confirm zero pressure on the separator gauge.
3. Take a 250 ml oil sample from the sample valve before draining, label it with tag K-201 and running hours, and send it for analysis.
4. Open the oil drain valve and drain into a clean container. Also drain the oil cooler through its drain plug.
5. Replace the oil filter (7.3).
6. Close the drains and fill through the filler plug to the MAX mark.
7. Remove the locks according to the procedure, start the compressor, run it loaded for 10 minutes, stop, wait 5 minutes and top up to the MAX mark.
8. Record the oil change, the quantity and the running hours in the maintenance system.

## 7.3 Oil filter

The spin-on oil filter is replaced at every oil change, and whenever the 1.4 bar oil filter warning appears. Oil the new gasket lightly, screw the filter on until the gasket touches, then tighten a further three quarters of a turn by hand. Check for leaks after starting.

## 7.4 Separator element replacement

Replace the element every 8,000 running hours or when PDT-201 reaches 0.70 bar, whichever comes first.

1. Stop and lock out the compressor, close HV-201A and check that the separator vessel gauge reads zero. Wait 30 minutes for the oil to cool.
2. Disconnect the scavenge line and the pipe on the separator cover.
3. Remove the cover bolts (M16) and lift the cover with the lifting eye.
4. Lift out the old element. Inspect it: a wet outer surface or a torn medium indicates a rupture; then also clean the dryer D-201 and downstream filters.
5. Clean the sealing faces. Fit the new element with its new gaskets. Do not remove the metal staples in the gaskets; they earth the element and prevent static discharge.
6. Refit the cover and tighten the bolts crosswise to 120 Nm.
7. Clean the scavenge orifice (1.2 mm) and its screen and reconnect the scavenge line.
8. After start-up, record the new PDT-201 value at full load (normally 0.15 to 0.25 bar).

## 7.5 Air-end bearings

The air-end rotors run in rolling bearings that are lubricated by the injected oil. They need no separate greasing, but their life depends directly on clean, dry oil at the correct temperature. Dirty oil, water in the oil and hot oil are the main causes of air-end bearing failure.

Monitor the air-end bearings at every 4,000-hour service with a vibration or shock-pulse measurement on the air-end housing. Investigate a rise in vibration above 4.5 mm/s RMS, a change in noise, or a rise in motor current at the same pressure. The air-end is exchanged for a factory-overhauled unit every 40,000 running hours. Running beyond that risks rotor contact and a seized air-end.

## 7.6 Motor bearings

Regrease the main motor bearings every 4,000 running hours with a polyurea grease of NLGI 2 to 3 (Teviot PU-3 or equivalent) with the motor running: 40 g at the drive end (6317 C3) and 35 g at the non-drive end (6316 C3). Open the grease outlet before greasing and close it after 30 minutes.

## 7.7 Cooling water side

The oil cooler and aftercooler are plate heat exchangers fed from the site cooling-water system (P-101/P-102). Check the water-side condition at the 8,000-hour service: if the cooling water outlet is less than 3 K warmer than the inlet while the oil is hot, the plates are fouled. Clean them chemically with a descaling agent suitable for stainless steel, or dismantle and brush them.

# 8 Spare parts

## 8.1 Service parts

[table 40,26,14,20]
Part | Part number | Quantity per service | Recommended stock
Service kit 4,000 h (oil filter, air filter, O-rings) | ALD-KIT-4000 | 1 | 1
Service kit 8,000 h (4,000 h kit, separator element, MPV and inlet valve kits) | ALD-KIT-8000 | 1 | 1
Air filter element | ALD-2250-1187 | 1 | 2
Oil filter | ALD-2250-0912 | 1 | 2
Separator element with gaskets | ALD-2250-4410 | 1 | 1
RotaLube S-46, 20 litre drum | ALD-2901-0020 | 3 | 3
Minimum pressure valve service kit | ALD-2906-0570 | 1 | 1
Inlet valve service kit | ALD-2906-0230 | 1 | 1
Thermostatic valve element 71 °C | ALD-2906-0071 | 1 | 1
Scavenge orifice 1.2 mm with screen | ALD-2906-0012 | 1 | 1
Loading solenoid Y1, 24 V DC | ALD-1089-0624 | 1 | 1
Pressure transducer PT-201, 0 to 16 bar | ALD-1089-0016 | 1 | 1
Temperature sensor TT-201, Pt1000 | ALD-1089-1000 | 1 | 1
Zero-loss drain service kit | ALD-2200-EWD1 | 2 | 2
Flexible hose kit | ALD-2906-9000 | 1 | 0
Motor bearings 6317 C3 and 6316 C3 | from motor supplier | 1 set | 1 set
[/table]

## 8.2 Exchange air-end

The exchange air-end (ALD-AE-90-R) is supplied overhauled with new bearings, shaft seal and a new drive coupling element. Order it at least eight weeks before the 40,000-hour limit. Return the old unit in the transport frame of the new one.
`,
}
