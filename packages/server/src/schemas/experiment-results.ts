/** The response of GET …/experiments/:experiment/results, for the OpenAPI document. */
import { z } from "zod";
import { component } from "./resources.js";

const interval = z
  .tuple([z.number(), z.number()])
  .nullable()
  .meta({ description: "95 % interval [low, high]; null when the data cannot support one" });

const verdictSchema = z.object({
  outcome: z.enum(["winner", "loser", "inconclusive", "insufficient-data", "invalid"]),
  text: z
    .string()
    .meta({ description: "One plain sentence; names a winner only when significant" }),
});

const comparisonSchema = z.object({
  absoluteLift: z.number().meta({ description: "Treatment − control (rate, or mean value)" }),
  absoluteLiftInterval: interval,
  relativeLift: z.number().nullable().meta({ description: "Treatment / control − 1" }),
  relativeLiftInterval: interval,
  pValue: z.number().meta({
    description: "Two-sided: pooled two-proportion z-test (binomial) or Welch's t-test (value)",
  }),
  adjustedPValue: z
    .number()
    .meta({ description: "Holm–Bonferroni over this metric's treatments; the verdict uses it" }),
  chanceToBeatControl: z
    .number()
    .nullable()
    .meta({ description: "Binomial only (Beta posteriors)" }),
  expectedLoss: z
    .number()
    .nullable()
    .meta({ description: "Binomial only: E[max(rate_C − rate_T, 0)]" }),
  verdict: verdictSchema,
});

export const experimentResultsSchema = component(
  "ExperimentResults",
  z.object({
    experiment: z.object({
      key: z.string(),
      project: z.string(),
      flag: z.string(),
      environment: z.string(),
      status: z.enum(["draft", "running", "stopped"]),
      hypothesis: z.string(),
      startedAt: z.string().nullable(),
      stoppedAt: z.string().nullable(),
    }),
    generatedAt: z.string(),
    controlVariation: z.string().nullable(),
    alpha: z.number(),
    variations: z.array(
      z.object({
        key: z.string(),
        control: z.boolean(),
        weight: z.number().int().meta({ description: "Configured split, 0.001 % units" }),
        exposed: z.number().int(),
      }),
    ),
    sampleRatio: z.object({
      chiSquare: z.number(),
      degreesOfFreedom: z.number().int(),
      pValue: z.number(),
      mismatch: z.boolean().meta({ description: "p < 0.001" }),
    }),
    health: z.object({
      excludedContexts: z.number().int(),
      conversionsBeforeExposure: z.number().int(),
      forcedChanges: z.number().int(),
      warnings: z.array(z.string()),
    }),
    metrics: z.array(
      z.object({
        eventKey: z.string(),
        kind: z.enum(["binomial", "value"]),
        primary: z.boolean(),
        variations: z.array(
          z.object({
            variation: z.string(),
            control: z.boolean(),
            exposed: z.number().int(),
            converting: z.number().int(),
            sum: z.number(),
            estimate: z.number().meta({
              description: "Conversion rate (binomial) or mean value per exposed context",
            }),
            interval,
            comparison: comparisonSchema.nullable(),
          }),
        ),
      }),
    ),
    verdict: verdictSchema,
  }),
  "An experiment's results: per metric and variation, with the comparison against control",
);
