using System.Globalization;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Evaluation;

/// <summary>
/// One PNG per modality of a <see cref="LearningCurve"/> (ScottPlot): its primary metric against the training step for
/// estimation, the other-clip estimate, control and joint consistency, with the trivial baselines as dashed lines.
/// </summary>
public static class LearningCurvePlot
{
    private static readonly string[] Lines = ["estimation", Benchmark.OtherClipBaseline, "control", "joint"];

    /// <summary>Writes <see cref="LearningCurve.PlotFile"/> of every modality into <paramref name="folder"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Save(LearningCurve curve, string folder, int width = 800, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var written = new List<string>();
        foreach (var m in curve.Modalities)
        {
            var plot = new ScottPlot.Plot();
            var palette = new ScottPlot.Palettes.Category10();
            for (var i = 0; i < Lines.Length; i++)
            {
                var series = curve.Series(m, Lines[i]);
                if (series.Count == 0) continue;
                var line = plot.Add.Scatter(series.Select(p => (double)p.Step).ToArray(), series.Select(p => p.Value).ToArray(), palette.GetColor(i));
                line.LineWidth = i == 0 ? 3 : 2;
                line.MarkerSize = 6;
                line.LegendText = Lines[i] == Benchmark.OtherClipBaseline ? "other clip's video" : Lines[i];
            }
            // The axis spans the model's curves; a baseline far outside them (e.g. constant depth at 0.6 against
            // curves near 0.1) would flatten them, so it stays off the chart and its legend entry gives its value.
            var shown = Lines.SelectMany(l => curve.Series(m, l)).Select(p => p.Value).ToList();
            var (low, high) = (shown.Min(), shown.Max());
            var pad = Math.Max((high - low) * 0.15, Math.Max(Math.Abs(high), 1e-3) * 0.05);
            var colour = Lines.Length;
            foreach (var b in curve.Baselines(m).Where(b => b != Benchmark.OtherClipBaseline))
            {
                var values = curve.Series(m, b);
                if (values.Count == 0) continue;
                var value = values.Average(v => v.Value);
                var near = value >= low - (high - low) && value <= high + (high - low);
                if (near) (low, high) = (Math.Min(low, value), Math.Max(high, value));
                var h = plot.Add.HorizontalLine(value);
                h.LinePattern = ScottPlot.LinePattern.Dashed;
                h.Color = palette.GetColor(colour++);
                h.LegendText = near ? b : string.Create(CultureInfo.InvariantCulture, $"{b}: {value:0.000} (off the chart)");
            }
            plot.Axes.SetLimitsY(low - pad, high + pad);
            // Title and axis label are centred over the chart, which the legend pushes left: kept short so that they are not cut off.
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{m}: {curve.PrimaryMetric(m)} on {curve.Points[0].Report.Clips} held-out clips"));
            var ticks = StepTicks(curve.Points.Select(p => p.Checkpoint).ToList(), width);
            if (ticks.Count > 0) plot.Axes.Bottom.SetTicks(ticks.Select(t => (double)t.Step).ToArray(), ticks.Select(t => t.Label).ToArray());
            plot.XLabel(ticks.Count > 0 ? "training step (training time h:mm below it)" : "training step");
            plot.YLabel(curve.PrimaryMetric(m));
            plot.ShowLegend(ScottPlot.Edge.Right); // beside the chart: inside it would hide the curves' ends
            var file = LearningCurve.PlotFile(m);
            AtomicFile.WriteAllBytes(Path.Combine(folder, file), plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
            written.Add(file);
        }
        return written;
    }

    /// <summary>
    /// The x-axis ticks of a curve whose points all know their training time: one at each evaluated step, labelled
    /// with the step and, under it, the training time (h:mm), so a point can be read as "after 30 minutes". A tick
    /// closer than <see cref="MinTickPixels"/> to the one before it is left out (labels would overlap); the last
    /// point always keeps its tick. Empty when a point's training time is unknown (the axis then numbers itself).
    /// </summary>
    internal static IReadOnlyList<(int Step, string Label)> StepTicks(IReadOnlyList<RunCheckpoint> points, int width)
    {
        if (points.Count == 0 || points.Any(p => p.TrainingSeconds is null)) return [];
        var span = Math.Max(1, points[^1].Step - points[0].Step);
        var pixelsPerStep = width * PlotAreaShare / span;
        var kept = new List<RunCheckpoint>();
        foreach (var p in points)
        {
            if (kept.Count > 0 && (p.Step - kept[^1].Step) * pixelsPerStep < MinTickPixels)
            {
                if (p != points[^1]) continue;
                kept.RemoveAt(kept.Count - 1); // the last point wins over its close neighbour (the first only on a plot under 80 px wide)
            }
            kept.Add(p);
        }
        return kept.Select(p => (p.Step, string.Create(CultureInfo.InvariantCulture,
            $"{p.Step}\n{TimeSpan.FromSeconds(Math.Round(p.TrainingSeconds!.Value)):h\\:mm}"))).ToList();
    }

    // About the share of the image width the data area takes with the legend on the right, and the room two
    // labels like "12000 / 2:00" need side by side.
    private const double PlotAreaShare = 0.6;
    private const double MinTickPixels = 48;
}
