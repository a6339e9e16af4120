namespace UnityVideo.Core.Training;

/// <summary>What one <see cref="TrainingStep.Run"/> computed.</summary>
/// <param name="Loss">Flow-matching loss, averaged over the micro-batches.</param>
/// <param name="GradNorm">Global L2 norm of the averaged gradients before clipping (NaN when the loss was not finite).</param>
/// <param name="Updated">True when the weights moved; false when the loss or the gradient norm was NaN or infinite.</param>
public sealed record TrainingStepResult(double Loss, double GradNorm, bool Updated);
