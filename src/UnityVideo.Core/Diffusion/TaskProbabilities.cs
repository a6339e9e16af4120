namespace UnityVideo.Core.Diffusion;

/// <summary>
/// Probabilities of the three tasks per training step (dynamic task routing). The paper sets them inversely
/// to difficulty, p_cond &lt; p_est &lt; p_joint; the default is 0.2 / 0.3 / 0.5.
/// </summary>
/// <param name="Conditional">p(conditional generation).</param>
/// <param name="Estimation">p(estimation).</param>
/// <param name="Joint">p(joint generation).</param>
public sealed record TaskProbabilities(double Conditional = 0.2, double Estimation = 0.3, double Joint = 0.5)
{
    /// <summary>Picks a task from a uniform draw <paramref name="u"/> ∈ [0, 1) (weights are normalised).</summary>
    public DiffusionTask Pick(double u)
    {
        var total = Conditional + Estimation + Joint;
        if (!(total > 0) || Conditional < 0 || Estimation < 0 || Joint < 0) throw new InvalidOperationException("Task probabilities must be non-negative with a positive sum.");
        var x = u * total;
        return x < Conditional ? DiffusionTask.ConditionalGeneration
            : x < Conditional + Estimation ? DiffusionTask.Estimation
            : DiffusionTask.JointGeneration;
    }

    /// <summary>Picks a task with <paramref name="random"/>.</summary>
    public DiffusionTask Pick(Random random) => Pick((random ?? throw new ArgumentNullException(nameof(random))).NextDouble());
}
