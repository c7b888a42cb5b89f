import { z } from 'zod';

/** 'VN' is the nation; provinces have 2 digits, communes 5. */
export const UnitCodeSchema = z
  .string()
  .regex(/^(VN|\d{2}|\d{5})$/, 'VN, a 2-digit province or a 5-digit commune code');

export const POPULATION_GROUP_IDS = [
  'adults',
  'public_servants',
  'workers',
  'students_primary',
  'students_lower_secondary',
  'students_upper_secondary',
  'students_higher',
  'households',
] as const;
export const TARGET_INDICATOR_IDS = [
  'adults',
  'public_servants',
  'students',
  'workers',
  'households',
  'smartphone',
  'epayment',
] as const;

export const IndicatorTargetSchema = z.object({
  year: z.number().int(),
  percent: z.number(),
  plan: z.string(),
  /** null: the default for every unit; else the province or commune that set it */
  unitCode: z.string().nullable(),
});

export const IndicatorValueSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  value: z.number().int().nullable(),
  suppressed: z.boolean(),
  denominatorKind: z.enum(['population', 'learners', 'none']),
  denominator: z.number().int().nullable(),
  /** the year of the population figure used */
  denominatorYear: z.number().int().nullable(),
  /** set when the population figure sums only some of the communes below: no percent then */
  coverage: z.object({ reported: z.number().int(), of: z.number().int() }).nullable(),
  percent: z.number().nullable(),
  /** false: does not apply to this unit (e-payment is asked in wards only); no target then */
  applies: z.boolean(),
  targets: z.array(IndicatorTargetSchema),
});
export type IndicatorValue = z.infer<typeof IndicatorValueSchema>;

export const IndicatorUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['nation', 'province', 'commune']),
  /** admin_unit kind (ward, commune, special_zone, province, city) or 'nation' */
  kind: z.string(),
  parentCode: z.string().nullable(),
  parentName: z.string().nullable(),
});

export const IndicatorReportSchema = z.object({
  unit: IndicatorUnitSchema,
  /** public view: counts below 5 hidden with what would reveal them, the others rounded to a multiple of 5 */
  public: z.boolean(),
  generatedAt: z.string(),
  indicators: z.array(IndicatorValueSchema),
  trend: z.object({
    weeks: z.array(z.string()),
    series: z.array(z.object({ id: z.string(), values: z.array(z.number().int().nullable()) })),
  }),
  /** the units one level down, best first by indicator 1 (percent, then count) */
  children: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      rank: z.number().int(),
      indicators: z.array(
        IndicatorValueSchema.pick({
          id: true,
          value: true,
          suppressed: true,
          denominator: true,
          coverage: true,
          percent: true,
          applies: true,
        }),
      ),
    }),
  ),
});
export type IndicatorReport = z.infer<typeof IndicatorReportSchema>;

export const IndicatorQuerySchema = z.object({ unit: UnitCodeSchema.optional() });
export const IndicatorExportQuerySchema = z.object({
  unit: UnitCodeSchema.optional(),
  table: z.enum(['indicators', 'trend', 'ranking']).default('indicators'),
});

export const PopulationEntrySchema = z.object({
  unitCode: UnitCodeSchema,
  year: z.number().int().min(2020).max(2100),
  group: z.enum(POPULATION_GROUP_IDS),
  count: z.number().int().min(0).max(200_000_000),
});
export type PopulationEntry = z.infer<typeof PopulationEntrySchema>;
export const PopulationInputSchema = z.object({ entries: z.array(PopulationEntrySchema).min(1).max(5000) });
export const PopulationSavedSchema = z.object({
  saved: z.number().int().describe('figures that took effect now'),
  pending: z.number().int().describe("a commune's own figures, waiting for the province's approval"),
});
export const PopulationChangeSchema = z.object({
  id: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  group: z.string(),
  oldCount: z.number().int().nullable(),
  newCount: z.number().int(),
  source: z.enum(['entered', 'imported']),
  status: z.enum(['pending', 'approved', 'rejected', 'applied', 'withdrawn']),
  proposedBy: z.string().nullable(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type PopulationChange = z.infer<typeof PopulationChangeSchema>;
export const PopulationChangeQuerySchema = z.object({
  unit: UnitCodeSchema.optional(),
  status: z.enum(['pending', 'approved', 'rejected', 'applied', 'withdrawn']).optional(),
});
export const PopulationImportSchema = z.object({ csv: z.string().min(1).max(200_000) });
export const PopulationListSchema = z.object({
  unit: IndicatorUnitSchema.pick({ code: true, name: true, level: true, parentCode: true }),
  entries: z.array(PopulationEntrySchema.extend({ unitName: z.string() })),
});

export const PlanTargetEntrySchema = z.object({
  unitCode: z
    .string()
    .regex(/^\d{2}(\d{3})?$/)
    .nullable(),
  year: z.number().int().min(2025).max(2030),
  indicator: z.enum(TARGET_INDICATOR_IDS),
  percent: z.number().min(0).max(100),
  plan: z.string().trim().min(1).max(200),
});
export const PlanTargetInputSchema = z.object({ entries: z.array(PlanTargetEntrySchema).min(1).max(500) });
