using TorchSharp;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Diffusion;

/// <summary>
/// Rectified-flow / flow-matching objective (kept apart from the model, as diffusers keeps schedulers apart):
/// x_t = (1 − t)·x₀ + t·ε, target velocity v = ε − x₀, t ~ logit-normal then shifted. Each stream has its own
/// t; clean streams get t = 0, are passed detached, and contribute nothing to the loss.
/// </summary>
public sealed class FlowMatching
{
    /// <summary>Creates the objective; throws when <paramref name="options"/> are invalid.</summary>
    public FlowMatching(FlowMatchingOptions? options = null)
    {
        Options = options ?? new FlowMatchingOptions();
        var errors = Options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid flow-matching options:\n  " + string.Join("\n  ", errors), nameof(options));
    }

    /// <summary>The settings in use.</summary>
    public FlowMatchingOptions Options { get; }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // The path
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Timestep shift t' = s·t / (1 + (s − 1)·t) (identity for s = 1; maps 0→0 and 1→1).</summary>
    public static Tensor ShiftTimesteps(Tensor t, double shift) => shift == 1.0 ? t.clone() : t * shift / (t * (shift - 1.0) + 1.0);

    /// <summary>Scalar form of <see cref="ShiftTimesteps(Tensor, double)"/>.</summary>
    public static double ShiftTimestep(double t, double shift) => shift * t / (1.0 + (shift - 1.0) * t);

    /// <summary>x_t = (1 − t)·x₀ + t·ε, with t <c>[B]</c> broadcast over <c>[B, …]</c>.</summary>
    public static Tensor Interpolate(Tensor clean, Tensor noise, Tensor t)
    {
        using var scope = NewDisposeScope();
        var tb = Broadcastable(t, clean);            // [B, 1, 1, 1, 1]
        return scope.MoveToOuter(clean * (1.0 - tb) + noise * tb); // [B, C, T, H, W]
    }

    /// <summary>Target velocity v = ε − x₀ (d x_t / d t).</summary>
    public static Tensor TargetVelocity(Tensor clean, Tensor noise) => noise - clean;

    /// <summary>t <c>[B]</c> ~ logit-normal(mean, std), then shifted; float32 on <paramref name="device"/>.</summary>
    public Tensor SampleTimesteps(long batch, Device device, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var u = Randn([batch], device, generator) * Options.TimestepStd + Options.TimestepMean; // [B]
        return scope.MoveToOuter(ShiftTimesteps(sigmoid(u), Options.TimestepShift));           // [B]
    }

    /// <summary>
    /// Standard normal float32 noise of <paramref name="shape"/> on <paramref name="device"/>. With a generator,
    /// the draw happens on the generator's device and is then moved, so a CPU generator gives the same numbers
    /// whatever device the model runs on.
    /// </summary>
    public static Tensor Randn(long[] shape, Device device, Generator? generator = null)
    {
        if (generator is null) return randn(shape, float32, device);
        var drawn = randn(shape, float32, generator.device, generator: generator);
        return drawn.device == device ? drawn : drawn.to(device);
    }

    /// <summary>Uniform [0, 1) float32 draw, same device rules as <see cref="Randn"/>.</summary>
    public static Tensor Rand(long[] shape, Device device, Generator? generator = null)
    {
        if (generator is null) return rand(shape, float32, device);
        var drawn = rand(shape, float32, generator.device, generator: generator);
        return drawn.device == device ? drawn : drawn.to(device);
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // Tasks
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// The streams of one training sample for <paramref name="task"/>: conditional generation noises RGB only,
    /// estimation noises the modalities only (and, as in the paper's u(V_m | V_r), gives RGB no caption),
    /// joint generation noises everything.
    /// </summary>
    /// <param name="task">Which streams to noise.</param>
    /// <param name="rgb">Clean RGB <c>[B, 3, T, H, W]</c>.</param>
    /// <param name="caption">Content prompt for RGB (null = null context).</param>
    /// <param name="modalities">Modality streams: name, clean data, modality prompt.</param>
    public static IReadOnlyList<TrainingStream> TaskStreams(DiffusionTask task, Tensor rgb, TextPrompt? caption, IReadOnlyList<(string Name, Tensor Clean, TextPrompt? Prompt)> modalities)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        // No modality stream: text-to-video, which only joint generation (RGB noised, captioned) can express.
        if (modalities.Count == 0 && task != DiffusionTask.JointGeneration)
            throw new ArgumentException("Conditional generation and estimation need at least one modality stream.", nameof(modalities));
        var rgbNoised = task != DiffusionTask.Estimation;
        var modNoised = task != DiffusionTask.ConditionalGeneration;
        var streams = new List<TrainingStream> { new(ModalityRegistry.Rgb, rgb, rgbNoised, task == DiffusionTask.Estimation ? null : caption) };
        streams.AddRange(modalities.Select(m => new TrainingStream(m.Name, m.Clean, modNoised, m.Prompt)));
        return streams;
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // The loss
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// One flow-matching loss evaluation. Call inside a dispose scope; backward the returned
    /// <see cref="FlowMatchingLoss.Loss"/>. Content-prompt dropout (RGB stream) applies with probability
    /// <see cref="FlowMatchingOptions.PromptDropout"/>.
    /// </summary>
    public FlowMatchingLoss Loss(IStreamModel model, IReadOnlyList<TrainingStream> streams, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(streams);
        if (!streams.Any(s => s.Noised)) throw new ArgumentException("At least one stream must be noised.", nameof(streams));
        using var scope = NewDisposeScope();
        var device = streams[0].Clean.device;
        var batch = streams[0].Clean.shape[0];

        // 1. Timesteps: one shared t per sample for the noised streams (or one per stream); clean streams t = 0
        var shared = SampleTimesteps(batch, device, generator);                               // [B]
        var zero = zeros(batch, float32, device);                                             // [B]
        var estimation = streams.Any(s => !s.Noised && s.Modality == ModalityRegistry.Rgb);
        var controlled = !estimation && streams.Any(s => !s.Noised);                           // conditional generation: RGB noised, a modality given
        var fullNoise = estimation ? Options.EstimationFullNoise : controlled ? Options.GenerationFullNoise : 0;
        if (fullNoise > 0)
            shared = where(Rand([batch], device, generator) < fullNoise, ones_like(shared), shared); // [B]: some at t = 1

        // 2. Noise the noised streams; pass clean ones as fixed (detached) conditioning
        var inputs = new List<DiTStream>();
        var targets = new List<Tensor?>();
        foreach (var s in streams)
        {
            var scale = model.ScaleOf(s.Modality);
            var x0 = (s.Noised ? s.Clean : s.Clean.detach()) * scale;                          // [B, C, T, H, W] (a clean stream is a constant condition)
            if (!s.Noised) { inputs.Add(new DiTStream(s.Modality, x0, zero, s.Prompt)); targets.Add(null); continue; }
            var t = Options.IndependentStreamTimesteps ? SampleTimesteps(batch, device, generator) : shared; // [B]
            var eps = Randn(x0.shape, device, generator).to(x0.dtype);                       // [B, C, T, H, W]
            var drop = s.Modality == ModalityRegistry.Rgb && s.Prompt is not null && Options.PromptDropout > 0
                ? Rand([batch], device, generator) < Options.PromptDropout                    // [B] bool
                : null;
            inputs.Add(new DiTStream(s.Modality, Interpolate(x0, eps, t), t, s.Prompt, drop));
            targets.Add(TargetVelocity(x0, eps));                                             // [B, C, T, H, W]
        }

        // 3. Predict every stream's velocity
        var predicted = model.Predict(inputs);                                                // S × [B, C_s, T, H, W]

        // 4. MSE over the noised streams only
        var names = new List<string>();
        var losses = new List<Tensor>();
        for (var i = 0; i < streams.Count; i++)
        {
            if (targets[i] is null) continue;
            names.Add(streams[i].Modality);
            var scale = model.ScaleOf(streams[i].Modality);
            var difference = Options.LossSpace == FlowMatchingOptions.DataSpace
                ? CleanPrediction(model, inputs[i], predicted[i]) - streams[i].Clean.to(float32) * scale // [B, C, T, H, W]
                : predicted[i].to(float32) - targets[i]!.to(float32);                        // [B, C, T, H, W]
            var error = difference.square();                                                  // [B, C, T, H, W]
            var balance = Options.ForegroundBalanceOf(streams[i].Modality);
            if (balance > 0)
                error = error * ForegroundBalance.Weights(streams[i].Clean, balance);         // [B, 1, T, H, W] broadcast
            var streamLoss = error.mean();                                                    // []
            if (Options.CoarseLossWeight > 0)
                streamLoss = streamLoss + Options.CoarseLossWeight * CoarseLoss.Of(difference, Options.CoarseLossBlock); // []
            losses.Add(streamLoss);
        }
        var perStream = stack(losses.ToArray());                                              // [S_noised]
        var loss = perStream.mean();                                                          // []
        var result = new FlowMatchingLoss(loss, names, perStream.detach());
        scope.MoveToOuter(result.Loss, result.PerStream);
        return result;
    }

    /// <summary>
    /// The model's clean-stream prediction x̂₀ = x_t − τ·v̂, with τ the time its velocity divided by
    /// (max(t, <see cref="DataPrediction.MinTime"/>) for a data-prediction model, t otherwise), so for a data-prediction
    /// model it is exactly what its head drew.
    /// </summary>
    private static Tensor CleanPrediction(IStreamModel model, DiTStream input, Tensor velocity)
    {
        var t = input.Timestep.to(float32);                                                   // [B]
        if (model.PredictsData) t = t.clamp_min(DataPrediction.MinTime);
        return input.Latent.to(float32) - Broadcastable(t, velocity).to(float32) * velocity.to(float32); // [B, C, T, H, W]
    }

    internal static Tensor Broadcastable(Tensor t, Tensor like) =>
        t.to(like.dtype).view([t.shape[0], .. Enumerable.Repeat(1L, (int)like.dim() - 1)]); // [B, 1, …]
}

/// <summary>Result of one flow-matching loss evaluation.</summary>
/// <param name="Loss">Scalar loss (differentiable): the mean over noised streams of each stream's MSE.</param>
/// <param name="NoisedStreams">Names of the streams counted in the loss, in order.</param>
/// <param name="PerStream">Detached per-noised-stream MSE <c>[S_noised]</c>, for logging.</param>
public sealed record FlowMatchingLoss(torch.Tensor Loss, IReadOnlyList<string> NoisedStreams, torch.Tensor PerStream);
