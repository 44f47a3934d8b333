import { describe, expect, it } from "vitest";
import {
  chiSquareSurvival,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from "./distributions.js";

// Reference values computed with SciPy 1.17.1 (scipy.stats.norm / t / chi2), quoted to 15+ digits.
describe("distributions", () => {
  it("normal CDF and quantile", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12); // norm.ppf(0.975)
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10); // norm.ppf(1e-10)
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 14); // norm.cdf(-1.96)
    expect(normalCdf(3.5)).toBeCloseTo(0.9997673709209645, 14); // norm.cdf(3.5)
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 8); // norm.cdf(-8)
  });

  it("Student's t CDF and quantile, including fractional and huge degrees of freedom", () => {
    expect(studentTCdf(2.1, 7.3)).toBeCloseTo(0.9638766432875733, 12); // t.cdf(2.1, 7.3)
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5705818356363146, 10); // t.ppf(0.975, 5)
    expect(studentTQuantile(0.975, 120.5)).toBeCloseTo(1.9798467346393642, 10); // t.ppf(0.975, 120.5)
    expect(studentTQuantile(0.001, 3)).toBeCloseTo(-10.214531852407385, 8); // t.ppf(0.001, 3)
    expect(studentTCdf(-3.3, 1e6)).toBeCloseTo(0.00048344103967000256, 12); // t.cdf(-3.3, 1e6)
    // Heavy tails far beyond any starting bracket: t.ppf(1e-8, 1.2)
    expect(studentTQuantile(1e-8, 1.2) / -1866173.680610863).toBeCloseTo(1, 6);
  });

  it("chi-square survival function", () => {
    expect(chiSquareSurvival(7.8, 3)).toBeCloseTo(0.050331097859853326, 13); // chi2.sf(7.8, 3)
    expect(chiSquareSurvival(150, 99)).toBeCloseTo(0.0007204453957169282, 13); // chi2.sf(150, 99)
  });
});
