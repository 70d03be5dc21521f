using IpcBench.Results;

namespace IpcBench.Measurement;

/// <summary>Straight-line least-squares fits y = intercept + slope * x.</summary>
public static class LinearFit
{
    /// <summary>Ordinary least squares (every point weight 1).</summary>
    public static LinearFitResult Ols(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Weighted(x, y, null);

    /// <summary>
    /// Least squares with weights 1/y² — minimises the sum of squared relative residuals
    /// ((y - ŷ) / y)², so every point counts by its relative error whatever its magnitude.
    /// Every y must be positive.
    /// </summary>
    public static LinearFitResult Relative(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var w = new double[y.Count];
        for (int i = 0; i < w.Length; i++)
        {
            if (!(y[i] > 0))
                throw new ArgumentOutOfRangeException(nameof(y), y[i], "relative weighting needs positive y");
            w[i] = 1.0 / (y[i] * y[i]);
        }
        return Weighted(x, y, w);
    }

    /// <summary>
    /// Weighted least squares; <paramref name="w"/> null means all 1. Needs at least two distinct x.
    /// R² = 1 - Σw(y-ŷ)² / Σw(y-ȳ)² with ȳ the weighted mean; null when all y are equal (undefined).
    /// </summary>
    public static LinearFitResult Weighted(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? w)
    {
        int n = x.Count;
        if (y.Count != n || (w is not null && w.Count != n))
            throw new ArgumentException("x, y and weights must have the same length");
        double sw = 0, swx = 0, swy = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = w?[i] ?? 1.0;
            sw += wi;
            swx += wi * x[i];
            swy += wi * y[i];
        }
        if (n < 2 || !(sw > 0))
            throw new ArgumentException("a line needs at least two points with positive weight");
        double mx = swx / sw, my = swy / sw;
        // Centred sums: numerically stable when x spans 64 .. 10^6.
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = w?[i] ?? 1.0;
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += wi * dx * dx;
            sxy += wi * dx * dy;
            syy += wi * dy * dy;
        }
        if (!(sxx > 0))
            throw new ArgumentException("a line needs at least two distinct x values");
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i] - (intercept + slope * x[i]);
            sse += (w?[i] ?? 1.0) * r * r;
        }
        double? r2 = syy > 0 ? Math.Clamp(1.0 - sse / syy, 0.0, 1.0) : null;
        // The residual variance (in the weights' units) over n - 2 degrees of freedom gives the
        // slope's standard error; with two points the line fits exactly and says nothing of noise.
        double? slopeSe = n > 2 ? Math.Sqrt(sse / (n - 2) / sxx) : null;
        return new LinearFitResult { Intercept = intercept, Slope = slope, RSquared = r2, SlopeStdError = slopeSe };
    }
}
