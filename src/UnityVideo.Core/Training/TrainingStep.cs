using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// One optimisation step exactly as training runs it: the flow-matching loss and its backward pass per
/// micro-batch (gradients averaged), the global gradient norm clipped to <see cref="TrainerOptions.GradClip"/>,
/// an AdamW update and the EMA update. It owns the optimiser and the EMA, built from the options over the
/// model's trainable parameters (weight decay on matrices only). The <see cref="Trainer"/> runs it with batches
/// from the dataset; the training benchmark runs it with fixed batches, so both time the same work.
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly IStreamModel model;
    private readonly List<Parameter> parameters;
    private readonly FlowMatching flow;
    private readonly double gradClip;
    private readonly int accumulation;

    /// <summary>Builds AdamW and (when <see cref="TrainerOptions.EmaDecay"/> &gt; 0) the EMA over <paramref name="model"/>'s
    /// trainable parameters. Call after the model is on its device.</summary>
    public TrainingStep(IStreamModel model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        this.model = model;
        var named = model.Module.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        parameters = named.Select(p => p.parameter).ToList();
        flow = new FlowMatching(options.FlowMatching());
        gradClip = options.GradClip;
        accumulation = Math.Max(1, options.GradientAccumulation);
        Optimizer = new AdamW(named.Select(p => (p.name, p.parameter, p.parameter.dim() >= 2, model.LearningRateScale(p.name))), options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        Ema = options.EmaDecay > 0 ? new EmaWeights(named.Select(p => (p.name, (Tensor)p.parameter)), options.EmaDecay) : null;
    }

    /// <summary>The optimiser (its state is checkpointed).</summary>
    public AdamW Optimizer { get; }

    /// <summary>The weight average, or null when EMA is off.</summary>
    public EmaWeights? Ema { get; }

    /// <summary>Micro-batches per step (<see cref="TrainerOptions.GradientAccumulation"/>).</summary>
    public int Accumulation => accumulation;

    /// <summary>
    /// Runs one step. <paramref name="microBatch"/> gives the streams of micro-batch i (0 … <see cref="Accumulation"/> − 1)
    /// and is called inside that micro-batch's dispose scope; noise, timesteps and prompt dropout come from
    /// <paramref name="generator"/>. A NaN or infinite loss or gradient norm leaves the weights, moments and EMA
    /// untouched and is reported in the result.
    /// </summary>
    public TrainingStepResult Run(Func<int, IReadOnlyList<TrainingStream>> microBatch, double learningRate, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(microBatch);
        using var scope = NewDisposeScope();
        Optimizer.ZeroGrad();
        try
        {
            // 1. Gradients of the flow-matching loss, averaged over the micro-batches
            double lossSum = 0;
            for (var micro = 0; micro < accumulation; micro++)
            {
                using var microScope = NewDisposeScope();
                var loss = flow.Loss(model, microBatch(micro), generator);
                (loss.Loss / accumulation).backward();
                lossSum += loss.Loss.to(float64).item<double>();
            }
            var lossMean = lossSum / accumulation;
            if (!double.IsFinite(lossMean)) return new TrainingStepResult(lossMean, double.NaN, false);

            // 2. Global gradient norm, clipped
            var norm = GradNorm();
            if (!double.IsFinite(norm)) return new TrainingStepResult(lossMean, norm, false);
            if (gradClip > 0 && norm > gradClip)
            {
                using var noGrad = no_grad();
                var factor = gradClip / (norm + 1e-6);
                foreach (var p in parameters) p.grad?.mul_(factor);
            }

            // 3. Update and average
            Optimizer.Step(learningRate);
            Ema?.Update(Optimizer.StepCount);
            return new TrainingStepResult(lossMean, norm, true);
        }
        finally
        {
            Optimizer.ZeroGrad();
        }
    }

    /// <summary>Global L2 norm of the current gradients, accumulated in float64 (one host sync).</summary>
    private double GradNorm()
    {
        using var scope = NewDisposeScope();
        var squares = parameters.Where(p => p.grad is not null).Select(p => p.grad!.detach().to(float64).square().sum()).ToArray(); // P × []
        return squares.Length == 0 ? 0 : stack(squares).sum().sqrt().item<double>();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Optimizer.Dispose();
        Ema?.Dispose();
    }
}

/// <summary>What one <see cref="TrainingStep.Run"/> computed.</summary>
/// <param name="Loss">Flow-matching loss, averaged over the micro-batches.</param>
/// <param name="GradNorm">Global L2 norm of the averaged gradients before clipping (NaN when the loss was not finite).</param>
/// <param name="Updated">True when the weights moved; false when the loss or the gradient norm was NaN or infinite.</param>
public sealed record TrainingStepResult(double Loss, double GradNorm, bool Updated);
