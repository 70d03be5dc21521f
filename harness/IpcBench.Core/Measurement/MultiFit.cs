namespace IpcBench.Measurement;

/// <summary>Coefficients of a least-squares fit y = Σ c_j x_j with their standard errors.</summary>
/// <param name="Coefficients">One per column of the design.</param>
/// <param name="StdErrors">Standard error of each coefficient; null with no degree of freedom left.</param>
/// <param name="DegreesOfFreedom">Points minus coefficients.</param>
/// <param name="ReducedChiSquare">Weighted residual sum of squares over the degrees of freedom; null without any.</param>
public sealed record MultiFitResult(double[] Coefficients, double[]? StdErrors, int DegreesOfFreedom, double? ReducedChiSquare);

/// <summary>
/// Weighted linear least squares with a few columns (the copy model's fixed + wake-ups + bytes).
/// </summary>
public static class MultiFit
{
    /// <summary>
    /// Fits <paramref name="y"/> against the columns of <paramref name="x"/> (one row per point) with weights
    /// <paramref name="w"/>. When <paramref name="absoluteWeights"/> is true the weights are 1/σ² of each point
    /// and the covariance is (XᵀWX)⁻¹ scaled up (never down) by the reduced χ², so a model that misses the points
    /// widens its errors; otherwise the weights are relative and the covariance is scaled by the reduced χ².
    /// Throws <see cref="ArgumentException"/> when the columns are not independent.
    /// </summary>
    public static MultiFitResult Solve(IReadOnlyList<double[]> x, IReadOnlyList<double> y, IReadOnlyList<double> w, bool absoluteWeights)
    {
        int n = x.Count, p = x[0].Length;
        if (y.Count != n || w.Count != n)
            throw new ArgumentException("x, y and weights must have the same length");
        if (n < p)
            throw new ArgumentException($"{p} coefficients need at least {p} points, have {n}");
        // Columns scaled to unit weighted norm: sizes (10^6) and counts (1) in one matrix stay well conditioned.
        var scale = new double[p];
        for (int j = 0; j < p; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += w[i] * x[i][j] * x[i][j];
            scale[j] = s > 0 ? Math.Sqrt(s) : throw new ArgumentException($"column {j} is all zero");
        }
        var a = new double[p, p];
        var b = new double[p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double xj = x[i][j] / scale[j];
                b[j] += w[i] * xj * y[i];
                for (int k = 0; k < p; k++)
                    a[j, k] += w[i] * xj * x[i][k] / scale[k];
            }
        }
        var inv = Invert(a) ?? throw new ArgumentException("the columns are not independent (collinear)");
        var c = new double[p];
        for (int j = 0; j < p; j++)
        {
            for (int k = 0; k < p; k++) c[j] += inv[j, k] * b[k];
            c[j] /= scale[j];
        }
        double sse = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i];
            for (int j = 0; j < p; j++) r -= c[j] * x[i][j];
            sse += w[i] * r * r;
        }
        int dof = n - p;
        double? chi2 = dof > 0 ? sse / dof : null;
        double[]? se = null;
        if (chi2 is { } q)
        {
            double factor = absoluteWeights ? Math.Max(1.0, q) : q;
            se = new double[p];
            for (int j = 0; j < p; j++)
                se[j] = Math.Sqrt(Math.Max(0, inv[j, j]) * factor) / scale[j];
        }
        return new MultiFitResult(c, se, dof, chi2);
    }

    /// <summary>Gauss-Jordan inverse with partial pivoting; null when (numerically) singular.</summary>
    private static double[,]? Invert(double[,] m)
    {
        int p = m.GetLength(0);
        var a = (double[,])m.Clone();
        var inv = new double[p, p];
        for (int i = 0; i < p; i++) inv[i, i] = 1;
        for (int col = 0; col < p; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < p; r++)
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            // Columns are scaled to unit norm, so a pivot this small means one column is a combination of the others.
            if (Math.Abs(a[pivot, col]) < 1e-9)
                return null;
            if (pivot != col)
            {
                for (int k = 0; k < p; k++)
                {
                    (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                    (inv[col, k], inv[pivot, k]) = (inv[pivot, k], inv[col, k]);
                }
            }
            double d = a[col, col];
            for (int k = 0; k < p; k++)
            {
                a[col, k] /= d;
                inv[col, k] /= d;
            }
            for (int r = 0; r < p; r++)
            {
                if (r == col) continue;
                double f = a[r, col];
                if (f == 0) continue;
                for (int k = 0; k < p; k++)
                {
                    a[r, k] -= f * a[col, k];
                    inv[r, k] -= f * inv[col, k];
                }
            }
        }
        return inv;
    }
}
