using System.Globalization;
using System.Text.Json;
using UnityVideo.Core.Inference;
using UnityVideo.Core.Training;

namespace UnityVideo.Core.Evaluation;

/// <summary>One checkpoint of a training run, with the training time spent to reach it.</summary>
/// <param name="Step">Steps the checkpoint's weights were trained for.</param>
/// <param name="Path">The checkpoint file.</param>
/// <param name="TrainingSeconds">Sum of the run's step times (metrics.jsonl) up to <paramref name="Step"/>; null when the log lacks a step.</param>
public sealed record RunCheckpoint(int Step, string Path, double? TrainingSeconds);

/// <summary>
/// The checkpoints a run folder keeps (<c>checkpoints/step-*.safetensors</c>), and the choice of some of them by step
/// or by training time, for learning curves.
/// </summary>
public static class RunCheckpoints
{
    /// <summary>The run's checkpoints, oldest first.</summary>
    /// <exception cref="InferenceException">The folder is not a training run, or keeps no checkpoint.</exception>
    public static IReadOnlyList<RunCheckpoint> List(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        var full = System.IO.Path.GetFullPath(runDirectory);
        if (!Directory.Exists(full)) throw new InferenceException($"run folder '{full}' does not exist.");
        if (!RunFolder.IsRun(full)) throw new InferenceException($"'{full}' is not a training run (no {Trainer.ConfigFile}, {Trainer.MetricsFile} or {Trainer.CheckpointFolder}/).");
        var files = new CheckpointStore(System.IO.Path.Combine(full, Trainer.CheckpointFolder)).List().OrderBy(c => c.Step).ToList();
        if (files.Count == 0)
            throw new InferenceException($"run '{full}' keeps no checkpoint in {Trainer.CheckpointFolder}/ (train with --checkpoint-every and a Training:KeepCheckpoints large enough to keep the steps a curve needs).");
        var seconds = CumulativeSeconds(System.IO.Path.Combine(full, Trainer.MetricsFile));
        return files.Select(c => new RunCheckpoint(c.Step, c.Path, seconds.TryGetValue(c.Step, out var s) ? s : null)).ToList();
    }

    /// <summary>
    /// The checkpoints named by <paramref name="at"/>, oldest first, each once: a plain number is a step the run must
    /// keep; a number with <c>m</c> or <c>h</c> (e.g. <c>15m</c>, <c>1.5h</c>) is a training time, answered by the
    /// checkpoint whose training time is nearest. An empty list selects every checkpoint.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is malformed, names a step the run does not keep, or asks for a time the log cannot answer.</exception>
    public static IReadOnlyList<RunCheckpoint> Select(IReadOnlyList<RunCheckpoint> checkpoints, IReadOnlyList<string> at)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(at);
        if (at.Count == 0) return checkpoints;
        var chosen = new SortedDictionary<int, RunCheckpoint>();
        foreach (var raw in at)
        {
            var entry = raw.Trim();
            var c = TimeOf(entry) is { } seconds ? Nearest(checkpoints, seconds, entry) : ByStep(checkpoints, entry);
            chosen[c.Step] = c;
        }
        return chosen.Values.ToList();
    }

    private static RunCheckpoint ByStep(IReadOnlyList<RunCheckpoint> checkpoints, string entry)
    {
        if (!int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            throw new ArgumentException($"'{entry}' is neither a step (e.g. 500) nor a training time (e.g. 15m, 2h).");
        return checkpoints.FirstOrDefault(c => c.Step == step)
            ?? throw new ArgumentException($"the run keeps no checkpoint of step {step} (it keeps steps {Steps(checkpoints)}).");
    }

    private static RunCheckpoint Nearest(IReadOnlyList<RunCheckpoint> checkpoints, double seconds, string entry)
    {
        var timed = checkpoints.Where(c => c.TrainingSeconds is not null).ToList();
        if (timed.Count == 0) throw new ArgumentException($"'{entry}' is a training time, but the run's {Trainer.MetricsFile} does not cover any kept checkpoint.");
        return timed.MinBy(c => Math.Abs(c.TrainingSeconds!.Value - seconds))!;
    }

    // "15m" → 900, "1.5h" → 5400; null when the entry has no time unit.
    private static double? TimeOf(string entry)
    {
        if (entry.Length < 2) return null;
        var unit = entry[^1];
        var scale = unit switch { 'm' => 60.0, 'h' => 3600.0, _ => 0 };
        if (scale == 0) return null;
        if (!double.TryParse(entry[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new ArgumentException($"'{entry}' is not a training time (write e.g. 15m or 1.5h).");
        return value * scale;
    }

    private static string Steps(IReadOnlyList<RunCheckpoint> checkpoints) => string.Join(", ", checkpoints.Select(c => c.Step.ToString(CultureInfo.InvariantCulture)));

    // Step → seconds of steps 1…step, for every step the log describes without a gap from step 1.
    private static Dictionary<int, double> CumulativeSeconds(string metricsPath)
    {
        var result = new Dictionary<int, double>();
        if (!File.Exists(metricsPath)) return result;
        var byStep = new SortedDictionary<int, double>();
        foreach (var line in File.ReadLines(metricsPath))
        {
            TrainingMetric? m;
            try
            {
                m = JsonSerializer.Deserialize<TrainingMetric>(line);
            }
            catch (JsonException)
            {
                continue; // a line cut short by a kill
            }
            if (m is not null) byStep[m.Step] = m.Seconds;
        }
        double total = 0;
        var expected = 1;
        foreach (var (step, s) in byStep)
        {
            if (step != expected) break;
            total += s;
            result[step] = total;
            expected++;
        }
        return result;
    }
}
