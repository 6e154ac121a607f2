/** Test helper: an in-memory store with a small inline work-order export ingested through the real pipeline. */
import { createEmbeddingProvider } from '../embed/index.ts'
import { ingestDocument } from '../ingest/pipeline.ts'
import { openStore, type Store } from '../store/db.ts'

export const CHILLER_CSV = `wo_id,wo_description,collection,primary_code,primary_code_description,secondary_code,secondary_code_description,equipment_id,equipment_name,preventive,work_priority,actual_finish,duration,actual_labor_hours
WO1,Oil analysis,compressor,MT010,Oil Analysis,MT010b,Routine Oil Analysis,CWC1,Chiller 1,TRUE,5,1/10/21 8:00,3:00,1:00
WO2,Refrigerant added,refrigerant circuit,MT004,Refrigerant Addition,MT004a,Small Amount,CWC1,Chiller 1,FALSE,2,3/5/21 10:30,2:30,1:30
WO3,Controls fault,control system,CS005,Control System Malfunction,CS005a,Control Loop Failure,CWC1,Chiller 1,FALSE,1,6/1/21 9:00,4:00,37:30:00
WO4,Refrigerant added,refrigerant circuit,MT004,Refrigerant Addition,MT004a,Small Amount,CWC2,Chiller 2,FALSE,2,2/2/22 12:00,1:00,0:30
WO5,Routine check,entire chiller system,MT001,Routine Maintenance,MT001a,Scheduled Maintenance,CWC2,Chiller 2,TRUE,5,7/7/22 7:00,40:00:00,2:15
WO6,Refrigerant transfer,refrigerant circuit,MT009,Refrigerant Transfer,MT009b,Transfer to Another Unit,CWC4,Chiller 4,FALSE,2,12/31/22 23:00,1:00,1:00
WO7,Condenser cleaning,condenser|evaporator,MT002,Cleaning,MT002b,Internal Cleaning,CWC4,Chiller 4,TRUE,5,1/1/23 0:30,2:00,2:00
`

export const PLANT_CSV = `WO Number,Asset Tag,Asset Description,Work Description,Work Type,Priority,Failure Code,Failure Description,Reported Date,Completed Date,Duration (h),Labor Hours,Status
WO-2024-0001,P-101,Cooling water pump A,Bearing hot,CM,2,BRG-OVHT,Bearing overheating,2024-01-02 08:00,2024-01-03 10:00,3.0,4.0,Completed
WO-2024-0002,P-101,Cooling water pump A,Quarterly PM regrease,PM,3,,,2024-02-01 08:00,2024-02-01 09:00,1.0,1.0,Completed
WO-2025-0003,P-101,Cooling water pump A,Seal leak,CM,3,SEAL-LEAK,Mechanical seal leak,2025-03-01 08:00,2025-03-02 08:00,5.0,6.5,Completed
WO-2025-0004,P-101,Cooling water pump A,Bearing hot again,CM,2,BRG-OVHT,Bearing overheating,2025-05-01 08:00,2025-05-01 18:00,2.0,2.0,Completed
WO-2025-0005,K-201,Air compressor,Oil change,PM,3,,,2025-06-01 08:00,2025-06-01 12:00,4.0,4.0,Completed
WO-2025-0006,S-101,Suction strainer P-101,Strainer cleaned,CM,4,BLOCKED,Strainer blocked,2025-07-01 08:00,2025-07-01 09:00,1.0,1.0,Completed
`

export async function storeWith(
  files: Array<{ siteId: string; source: string; csv: string }>,
): Promise<Store> {
  const store = await openStore()
  const embedder = await createEmbeddingProvider({})
  for (const f of files) {
    await ingestDocument(
      { store, embedder },
      { siteId: f.siteId, source: f.source, bytes: new TextEncoder().encode(f.csv) },
    )
  }
  return store
}
