/** The plant simulator: a PlantConnector for the demo plant with physics, scripted incidents and a historian. */
export { Historian, HourRows } from './historian.ts'
export { DAY, DEFAULT_INCIDENTS, HOUR, type Incident, MINUTE, resolveIncidents } from './incidents.ts'
export { createPlantModel, type PlantModel, r134aPressure, type Sample } from './physics.ts'
export { gaussAt, hashString, mulberry32, smoothNoise } from './prng.ts'
export { createSimulator, type SimPlantFile, type Simulator, type SimulatorOptions } from './simulator.ts'
