using System.Globalization;
using UnityVideo.Abstractions;

namespace UnityVideo.Core.Training;

/// <summary>
/// The training curriculum resolved for one run: configured stages laid end to end over the run's steps, each
/// with its modality keywords (<c>pixel-aligned</c>, <c>all</c>) resolved against the enabled modalities.
/// A stage given as a fraction gets round(fraction · total) steps; the last stage always runs to the end.
/// </summary>
public sealed class Curriculum
{
    private Curriculum(IReadOnlyList<CurriculumStage> stages) => Stages = stages;

    /// <summary>Stages in order; together they cover [0, total). Stages with no steps in this run are kept (Steps = 0).</summary>
    public IReadOnlyList<CurriculumStage> Stages { get; }

    /// <summary>Resolves <paramref name="stages"/> over <paramref name="totalSteps"/> for the <paramref name="enabled"/> modalities.</summary>
    /// <exception cref="TrainingException">A stage names a modality that is not enabled, or resolves to no modality.</exception>
    public static Curriculum Resolve(IReadOnlyList<TrainingStageOptions> stages, int totalSteps, IReadOnlyList<ModalityDescriptor> enabled)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(enabled);
        if (stages.Count == 0) throw new TrainingException("The curriculum needs at least one stage.");
        var names = enabled.Select(d => d.Name).ToList();
        var resolved = new List<CurriculumStage>();
        var start = 0;
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            var modalities = new List<string>();
            foreach (var entry in s.Modalities)
            {
                IEnumerable<string> add = entry switch
                {
                    TrainingStageOptions.All => names,
                    TrainingStageOptions.PixelAligned => enabled.Where(d => d.IsPixelAligned).Select(d => d.Name),
                    _ when names.Contains(entry, StringComparer.Ordinal) => [entry],
                    _ => throw new TrainingException($"Curriculum stage '{s.Name}' names modality '{entry}', which is not enabled (enabled: {Join(names)}; keywords: {TrainingStageOptions.PixelAligned}, {TrainingStageOptions.All})."),
                };
                modalities.AddRange(add.Where(m => !modalities.Contains(m, StringComparer.Ordinal)));
            }

            var last = i == stages.Count - 1;
            var length = last ? totalSteps - start
                : s.Steps ?? (s.Fraction is { } f ? (int)Math.Round(f * totalSteps, MidpointRounding.AwayFromZero)
                    : throw new TrainingException($"Curriculum stage '{s.Name}' needs Steps or Fraction (only the last stage may run to the end)."));
            var end = Math.Clamp(start + Math.Max(0, length), start, totalSteps);
            // With no auxiliary modality enabled (an RGB-only run) every stage trains text-to-video alone; a stage of
            // no steps may select nothing (e.g. the pixel-aligned stage of a run without pixel-aligned modalities).
            if (modalities.Count == 0 && names.Count > 0 && end > start)
                throw new TrainingException($"Curriculum stage '{s.Name}' ({string.Join(", ", s.Modalities)}) selects no enabled modality (enabled: {Join(names)}).");
            resolved.Add(new CurriculumStage(s.Name, start, end, modalities));
            start = end;
        }
        return new Curriculum(resolved);
    }

    /// <summary>The stage step <paramref name="step"/> (0-based) belongs to.</summary>
    public CurriculumStage At(int step) => Stages[IndexAt(step)];

    /// <summary>The position in <see cref="Stages"/> of the stage step <paramref name="step"/> (0-based) belongs to.</summary>
    public int IndexAt(int step)
    {
        for (var i = 0; i < Stages.Count; i++)
            if (step >= Stages[i].Start && step < Stages[i].End) return i;
        return Stages.Count - 1;
    }

    /// <summary>One line per stage, e.g. "pixel-aligned: steps 1–40 (depth, flow)"; a stage a short run never reaches says so.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Stages.Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Name}: {(s.End > s.Start ? $"steps {s.Start + 1}-{s.End}" : "no steps in this run")} ({string.Join(", ", s.Modalities)})")));

    private static string Join(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}

/// <summary>A resolved curriculum stage: steps [<see cref="Start"/>, <see cref="End"/>) and its modality names.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Start">First step (0-based) of the stage.</param>
/// <param name="End">One past the last step.</param>
/// <param name="Modalities">Enabled modality names the stage trains (keywords resolved).</param>
public sealed record CurriculumStage(string Name, int Start, int End, IReadOnlyList<string> Modalities)
{
    /// <summary>Number of steps.</summary>
    public int Steps => End - Start;
}
