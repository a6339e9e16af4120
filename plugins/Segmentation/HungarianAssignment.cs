namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Minimum-cost one-to-one assignment of rows to columns (the Hungarian algorithm with row and column
/// potentials and shortest augmenting paths, O(n²·m) for n ≤ m).
/// </summary>
internal static class HungarianAssignment
{
    /// <summary>
    /// For a cost matrix <c>[rows, cols]</c>, returns for every row the column assigned to it, or −1 when there
    /// are more rows than columns and the row is left out. The assignment covers min(rows, cols) pairs and has
    /// the smallest total cost of all such assignments.
    /// </summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        if (rows <= cols) return SolveWide(rows, cols, (r, c) => cost[r, c]);

        // More rows than columns: solve the transpose, then invert the assignment.
        var colToRow = SolveWide(cols, rows, (r, c) => cost[c, r]);
        var result = Enumerable.Repeat(-1, rows).ToArray();
        for (var c = 0; c < cols; c++) result[colToRow[c]] = c;
        return result;
    }

    /// <summary>The n ≤ m case: every row gets a distinct column.</summary>
    private static int[] SolveWide(int n, int m, Func<int, int, double> a)
    {
        // 1-based arrays; index 0 is the virtual start of each augmenting path.
        var u = new double[n + 1];       // row potentials
        var v = new double[m + 1];       // column potentials
        var owner = new int[m + 1];      // owner[j] = row matched to column j (0 = free)
        var way = new int[m + 1];        // previous column on the shortest path
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (var i = 1; i <= n; i++)
        {
            owner[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                // Grow the alternating tree by the column with the smallest reduced cost.
                used[j0] = true;
                int i0 = owner[j0], j1 = 0;
                var delta = double.PositiveInfinity;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    var cur = a(i0 - 1, j - 1) - u[i0] - v[j];
                    if (cur < minv[j])
                    {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[owner[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (owner[j0] != 0);

            // Flip the path's matched and unmatched edges.
            do
            {
                var j1 = way[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var rowToCol = new int[n];
        for (var j = 1; j <= m; j++)
        {
            if (owner[j] != 0) rowToCol[owner[j] - 1] = j - 1;
        }
        return rowToCol;
    }
}
