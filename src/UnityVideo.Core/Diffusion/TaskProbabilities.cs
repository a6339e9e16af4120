namespace UnityVideo.Core.Diffusion;

/// <summary>
/// Probabilities of the three tasks per training step (dynamic task routing; <c>Training:TaskProbabilities</c>).
/// The paper sets them inversely to difficulty, p_cond &lt; p_est &lt; p_joint; the default is 0.2 / 0.3 / 0.5.
/// </summary>
public sealed record TaskProbabilities
{
    /// <summary>The paper's mix, 0.2 / 0.3 / 0.5.</summary>
    public TaskProbabilities()
    {
    }

    /// <summary>The given mix.</summary>
    public TaskProbabilities(double conditionalGeneration, double estimation, double jointGeneration) =>
        (ConditionalGeneration, Estimation, JointGeneration) = (conditionalGeneration, estimation, jointGeneration);

    /// <summary>p(conditional generation): RGB noised, modality clean.</summary>
    public double ConditionalGeneration { get; set; } = 0.2;

    /// <summary>p(estimation): modality noised, RGB clean.</summary>
    public double Estimation { get; set; } = 0.3;

    /// <summary>p(joint generation): RGB and modality noised.</summary>
    public double JointGeneration { get; set; } = 0.5;

    /// <summary>Picks a task from a uniform draw <paramref name="u"/> ∈ [0, 1) (weights are normalised).</summary>
    public DiffusionTask Pick(double u)
    {
        var total = ConditionalGeneration + Estimation + JointGeneration;
        if (!(total > 0) || ConditionalGeneration < 0 || Estimation < 0 || JointGeneration < 0) throw new InvalidOperationException("Task probabilities must be non-negative with a positive sum.");
        var x = u * total;
        return x < ConditionalGeneration ? DiffusionTask.ConditionalGeneration
            : x < ConditionalGeneration + Estimation ? DiffusionTask.Estimation
            : DiffusionTask.JointGeneration;
    }

    /// <summary>Picks a task with <paramref name="random"/>.</summary>
    public DiffusionTask Pick(Random random) => Pick((random ?? throw new ArgumentNullException(nameof(random))).NextDouble());
}
