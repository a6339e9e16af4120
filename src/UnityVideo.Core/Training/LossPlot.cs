using System.Globalization;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Training;

/// <summary>
/// The run's loss curves as a PNG (ScottPlot): one curve per task, each a trailing moving average of that
/// task's step losses, with dashed lines where a new curriculum stage begins.
/// </summary>
public static class LossPlot
{
    /// <summary>Trailing moving average with window <paramref name="window"/> (shorter at the start).</summary>
    public static double[] Smooth(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[values.Count];
        double sum = 0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    /// <summary>The smoothing window for <paramref name="points"/> points of one task: about a tenth, 1 to 50.</summary>
    public static int WindowFor(int points) => Math.Clamp(points / 10, 1, 50);

    /// <summary>Writes the plot to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyList<TrainingMetric> metrics, string title, int width = 900, int height = 520)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var colour = 0;
        foreach (var task in TaskNames.All)
        {
            var points = metrics.Where(m => m.Task == task).OrderBy(m => m.Step).ToList();
            var c = palette.GetColor(colour++);
            if (points.Count == 0) continue;
            var xs = points.Select(m => (double)m.Step).ToArray();
            var ys = Smooth(points.Select(m => m.Loss).ToList(), WindowFor(points.Count));
            var line = plot.Add.Scatter(xs, ys, c);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{task} ({points.Count} steps)");
        }
        foreach (var boundary in metrics.OrderBy(m => m.Step).Zip(metrics.OrderBy(m => m.Step).Skip(1)).Where(p => p.First.Stage != p.Second.Stage))
        {
            var v = plot.Add.VerticalLine(boundary.Second.Step);
            v.LinePattern = ScottPlot.LinePattern.Dashed;
            v.Color = ScottPlot.Colors.Gray;
            v.Text = boundary.Second.Stage;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("flow-matching loss (moving average)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
    }
}
