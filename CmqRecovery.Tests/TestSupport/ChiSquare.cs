namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// Pearson's chi-square test of homogeneity for two samples of counts over the same categories, and its p-value
/// from the chi-square distribution (regularised upper incomplete gamma, Numerical Recipes' series and continued fraction).
/// </summary>
public static class ChiSquare
{
    public sealed record Result(double Statistic, int DegreesOfFreedom, double PValue);

    public static Result Homogeneity(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException("Both samples need the same categories.");
        }

        double totalA = a.Sum(), totalB = b.Sum(), total = totalA + totalB;
        var statistic = 0.0;
        var categories = 0;
        for (var j = 0; j < a.Count; j++)
        {
            double column = a[j] + b[j];
            if (column == 0)
            {
                continue;
            }

            categories++;
            var expectedA = column * totalA / total;
            var expectedB = column * totalB / total;
            statistic += Math.Pow(a[j] - expectedA, 2) / expectedA + Math.Pow(b[j] - expectedB, 2) / expectedB;
        }

        var df = categories - 1;
        return new Result(statistic, df, UpperTail(statistic, df));
    }

    /// <summary>P(X ≥ x) for X ~ χ²(df) = Q(df/2, x/2).</summary>
    public static double UpperTail(double x, int df) => RegularizedUpperGamma(df / 2.0, x / 2.0);

    private static double RegularizedUpperGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1.0;
        }

        return x < a + 1 ? 1.0 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    private static double LowerSeries(double a, double x)
    {
        double sum = 1.0 / a, term = sum, ap = a;
        for (var n = 0; n < 1000 && Math.Abs(term) > Math.Abs(sum) * 1e-15; n++)
        {
            ap += 1;
            term *= x / ap;
            sum += term;
        }

        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    private static double UpperContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for a &gt; 0.</summary>
    private static double LogGamma(double z)
    {
        double[] c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        z -= 1;
        var x = c[0];
        for (var i = 1; i < 9; i++)
        {
            x += c[i] / (z + i);
        }

        var t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(x);
    }
}
