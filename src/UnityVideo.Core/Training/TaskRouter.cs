using UnityVideo.Core.Diffusion;

namespace UnityVideo.Core.Training;

/// <summary>
/// Dynamic task routing: per step, one task drawn with the configured probabilities and the modality (or a set
/// of <see cref="ModalitiesPerStep"/> distinct modalities) drawn by weight from the modalities the curriculum
/// allows at that step. Draws come only from the caller's generator.
/// </summary>
public sealed class TaskRouter
{
    private readonly IReadOnlyDictionary<string, double> weights;

    /// <summary>Creates a router.</summary>
    /// <param name="probabilities">Task probabilities.</param>
    /// <param name="modalityWeights">Relative weight per modality; missing names weigh 1.</param>
    /// <param name="modalitiesPerStep">Distinct modalities per step (capped by the allowed set).</param>
    public TaskRouter(TaskProbabilities probabilities, IReadOnlyDictionary<string, double>? modalityWeights = null, int modalitiesPerStep = 1)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(modalitiesPerStep, 1);
        Probabilities = probabilities;
        weights = modalityWeights ?? new Dictionary<string, double>();
        ModalitiesPerStep = modalitiesPerStep;
    }

    /// <summary>Task probabilities.</summary>
    public TaskProbabilities Probabilities { get; }

    /// <summary>Distinct modalities per step.</summary>
    public int ModalitiesPerStep { get; }

    /// <summary>Weight of a modality (1 when not configured).</summary>
    public double WeightOf(string modality) => weights.TryGetValue(modality, out var w) ? w : 1.0;

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == item) return i;
        return -1;
    }

    /// <summary>Routes one step: a task, then the modalities among <paramref name="allowed"/>.</summary>
    /// <exception cref="InvalidOperationException">No allowed modality has a positive weight.</exception>
    public RoutedStep Route(Random random, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(allowed);
        var task = Probabilities.Pick(random);
        // An RGB-only run (no auxiliary modality enabled) has one task left: generating RGB from text.
        if (allowed.Count == 0) return new RoutedStep(DiffusionTask.JointGeneration, []);
        var pool = allowed.Where(m => WeightOf(m) > 0).ToList();
        if (pool.Count == 0)
            throw new InvalidOperationException($"None of the modalities [{string.Join(", ", allowed)}] has a positive sampling weight.");

        // Weighted draws without replacement; the set is returned in the allowed order, so one set has one data pool.
        var chosen = new List<string>();
        while (chosen.Count < ModalitiesPerStep && pool.Count > 0)
        {
            var total = pool.Sum(WeightOf);
            var x = random.NextDouble() * total;
            var i = 0;
            for (; i < pool.Count - 1; i++)
            {
                x -= WeightOf(pool[i]);
                if (x < 0) break;
            }
            chosen.Add(pool[i]);
            pool.RemoveAt(i);
        }
        return new RoutedStep(task, chosen.OrderBy(m => IndexOf(allowed, m)).ToList());
    }
}

/// <summary>What one training step trains: the task (which streams are noised) and the modality set.</summary>
/// <param name="Task">Conditional generation, estimation or joint generation.</param>
/// <param name="Modalities">The modality streams of the step (distinct names; empty for an RGB-only run's text-to-video step).</param>
public sealed record RoutedStep(DiffusionTask Task, IReadOnlyList<string> Modalities)
{
    /// <summary>The modality set as one label, e.g. "depth" or "depth+flow".</summary>
    public string ModalityLabel => Modalities.Count == 0 ? "rgb" : string.Join('+', Modalities);
}
