using TorchSharp;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Diffusion;

/// <summary>
/// Euler and Heun solvers integrating dx/dt = v(x, t) from t = 1 (noise) to t = 0 (data) over the shifted grid
/// t_i = shift(1 − i/N); Heun's last step (to t = 0) is an Euler step, so N Heun steps cost 2N − 1 model calls.
/// Streams given clean stay fixed at t = 0; so one solver serves joint generation (nothing given), conditional
/// generation (modalities given) and estimation (RGB given).
/// </summary>
public static class FlowSampler
{
    /// <summary>The N + 1 times from 1 to 0 of the shifted schedule.</summary>
    public static double[] Schedule(int steps, double shift) =>
        Enumerable.Range(0, steps + 1).Select(i => FlowMatching.ShiftTimestep(1.0 - (double)i / steps, shift)).ToArray();

    /// <summary>
    /// Integrates <paramref name="field"/> from <paramref name="initial"/> (noise for moving streams, data for
    /// fixed ones). Each step runs in its own dispose scope; returns new tensors (one per stream) owned by the
    /// caller's scope. <paramref name="cancellationToken"/> is checked before every step (throwing
    /// <see cref="OperationCanceledException"/>); <paramref name="progress"/> receives the number of completed steps.
    /// </summary>
    public static IReadOnlyList<Tensor> Integrate(VelocityField field, IReadOnlyList<Tensor> initial, IReadOnlyList<bool> fixedStreams, SamplerOptions options,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(fixedStreams);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid sampler options:\n  " + string.Join("\n  ", errors), nameof(options));
        if (initial.Count != fixedStreams.Count) throw new ArgumentException("One fixed flag per stream is required.", nameof(fixedStreams));

        var schedule = Schedule(options.Steps, options.Shift);
        var x = initial.Select(t => t.alias()).ToArray();
        for (var i = 0; i < options.Steps; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                foreach (var xi in x) xi.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
            using var scope = NewDisposeScope();
            var (tCur, tNext) = (schedule[i], schedule[i + 1]);
            var dt = tNext - tCur;                                                     // < 0

            // 1. Velocity at the current point
            var v = field(x, Times(x, fixedStreams, tCur));                            // S × [B, …]

            // 2. Euler step (moving streams only)
            var next = x.Select((xi, s) => fixedStreams[s] ? xi : xi + v[s] * dt).ToArray();

            // 3. Heun: average with the velocity at the Euler point (trapezoid rule). Not on the step to t = 0: the
            // model never sees t = 0 in training and a data-predicting head divides by t there, so the last step stays
            // Euler (as in Karras et al. 2022, Algorithm 1); a one-step Heun estimate is the one-step Euler estimate.
            if (options.Sampler == SamplerKind.Heun && tNext > 0)
            {
                var v2 = field(next, Times(next, fixedStreams, tNext));               // S × [B, …]
                next = x.Select((xi, s) => fixedStreams[s] ? xi : xi + (v[s] + v2[s]) * (0.5 * dt)).ToArray();
            }

            // 4. Keep the new states, release the old ones and everything else from this step
            var kept = next.Select(t => t.alias()).ToArray();
            scope.MoveToOuter(kept);
            foreach (var xi in x) xi.Dispose();
            x = kept;
            progress?.Report(i + 1);
        }
        return x;
    }

    /// <summary>
    /// Samples with the model. Given streams are the condition (t = 0); the others start from seeded noise.
    /// Classifier-free guidance (scale ≠ 1) contrasts the content prompt of the RGB stream with the null
    /// context: v = v_uncond + scale·(v_cond − v_uncond), both halves evaluated in one batched call. It has no
    /// effect (and costs nothing) when RGB is given or has no prompt. Returns every stream, given ones included.
    /// </summary>
    public static IReadOnlyList<Tensor> Sample(IStreamModel model, IReadOnlyList<SampleStream> streams, SamplerOptions options, Generator? generator = null,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(options);
        var device = model.Device;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();

        // 1. Starting points: the given data, or seeded noise
        var fixedStreams = streams.Select(s => s.Clean is not null).ToArray();
        var scales = streams.Select(s => model.ScaleOf(s.Modality)).ToArray();
        var initial = streams.Select((s, i) => s.Clean is not null ? s.Clean.to(device) * scales[i] : FlowMatching.Randn(s.Shape, device, generator)).ToArray();

        // 2. The velocity field: the model, with classifier-free guidance on the content prompt
        var rgb = streams.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.Modality == ModalityRegistry.Rgb && p.s.Clean is null && p.s.Prompt is not null);
        var guided = options.CfgScale != 1.0 && rgb.s is not null;
        var prompts = streams.Select(s => s.Prompt?.To(device)).ToArray();
        IReadOnlyList<Tensor> Field(IReadOnlyList<Tensor> states, IReadOnlyList<Tensor> times)
        {
            if (!guided)
                return model.Predict(states.Select((x, s) => new DiTStream(streams[s].Modality, x, times[s], prompts[s])).ToList());
            var b = states[0].shape[0];
            var drop = cat([zeros(b, @bool, device), ones(b, @bool, device)], 0);           // [2B]: cond | uncond
            var doubled = states.Select((x, s) => new DiTStream(
                streams[s].Modality, cat([x, x], 0), cat([times[s], times[s]], 0),
                prompts[s]?.Concat(prompts[s]!), s == rgb.i ? drop : null)).ToList();
            var v = model.Predict(doubled);                                                   // S × [2B, …]
            return v.Select(vs =>
            {
                var halves = vs.chunk(2, 0);                                                  // cond, uncond
                return halves[1] + (halves[0] - halves[1]) * options.CfgScale;          // [B, …]
            }).ToList();
        }

        // 3. Integrate from t = 1 to t = 0 (estimation, RGB given, may take its own step count)
        var estimation = streams.Any(s => s.Modality == ModalityRegistry.Rgb && s.Clean is not null);
        var solver = options with { Steps = streams.Where(s => s.Clean is null).Select(s => options.StepsFor(estimation, s.Modality)).DefaultIfEmpty(options.StepsFor(estimation)).Max() };
        var result = Integrate(Field, initial, fixedStreams, solver, cancellationToken, progress)
            .Select((x, i) => scales[i] == 1.0 ? x : x / scales[i]).ToList();                // back from the scaled space
        scope.MoveToOuter(result);
        return result;
    }

    /// <summary><see cref="Sample(IStreamModel, IReadOnlyList{SampleStream}, SamplerOptions, Generator?, CancellationToken, IProgress{int}?)"/> with a fresh CPU
    /// generator seeded by <paramref name="seed"/> (same seed, same samples on any device).</summary>
    public static IReadOnlyList<Tensor> Sample(IStreamModel model, IReadOnlyList<SampleStream> streams, SamplerOptions options, long seed,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        using var generator = new Generator((ulong)seed, CPU);
        return Sample(model, streams, options, generator, cancellationToken, progress);
    }

    private static Tensor[] Times(IReadOnlyList<Tensor> x, IReadOnlyList<bool> fixedStreams, double t) =>
        x.Select((xi, s) => full(xi.shape[0], fixedStreams[s] ? 0.0 : t, float32, xi.device)).ToArray(); // S × [B]
}

/// <summary>
/// A velocity field over several streams: current states (one tensor per stream) and each stream's flow time
/// <c>[B]</c> → velocities shaped like the states. The model is one; a closed-form field is another (tests).
/// </summary>
public delegate IReadOnlyList<torch.Tensor> VelocityField(IReadOnlyList<torch.Tensor> states, IReadOnlyList<torch.Tensor> timesteps);
