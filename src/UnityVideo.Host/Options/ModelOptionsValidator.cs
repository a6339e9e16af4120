using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="ModelOptions"/> and every preset in it.</summary>
public sealed class ModelOptionsValidator : AbstractValidator<ModelOptions>
{
    /// <summary>Rules.</summary>
    public ModelOptionsValidator()
    {
        RuleFor(o => o.Preset)
            .Must((o, p) => o.Presets.ContainsKey(p))
            .WithMessage(o => $"unknown preset '{o.Preset}' (available: {string.Join(", ", o.Presets.Keys)})");
        RuleFor(o => o.PatchFrames)
            .Must(f => f is 1 or 2)
            .WithMessage(o => $"must be 1 (each token reads its own frame) or 2 (its frame and the next); got {o.PatchFrames}");
        RuleFor(o => o.OutputSkipSigma)
            .Must(s => s >= 0 && double.IsFinite(s))
            .WithMessage(o => $"must be a finite number ≥ 0 (0 turns the output skip off; got {o.OutputSkipSigma})");
        RuleFor(o => o.Prediction)
            .Must(p => p is Core.Model.DiTConfig.VelocityPrediction or Core.Model.DiTConfig.DataPredictionName)
            .WithMessage(o => $"must be '{Core.Model.DiTConfig.VelocityPrediction}' or '{Core.Model.DiTConfig.DataPredictionName}' (got '{o.Prediction}')");
        RuleFor(o => o.Presets).Custom((presets, ctx) =>
        {
            foreach (var (name, p) in presets)
            {
                void Fail(string field, string msg) => ctx.AddFailure($"Presets.{name}.{field}", msg);
                if (p.HiddenSize <= 0) Fail(nameof(p.HiddenSize), "must be greater than 0");
                if (p.Depth <= 0) Fail(nameof(p.Depth), "must be greater than 0");
                if (p.Heads <= 0) Fail(nameof(p.Heads), "must be greater than 0");
                else if (p.HiddenSize % p.Heads != 0) Fail(nameof(p.Heads), $"must divide HiddenSize ({p.HiddenSize})");
                if (p.MlpRatio <= 0) Fail(nameof(p.MlpRatio), "must be greater than 0");
                if (p.PatchSize <= 0) Fail(nameof(p.PatchSize), "must be greater than 0");
                if (p.Frames <= 0) Fail(nameof(p.Frames), "must be greater than 0");
                if (p.Height <= 0 || (p.PatchSize > 0 && p.Height % p.PatchSize != 0)) Fail(nameof(p.Height), $"must be a positive multiple of PatchSize ({p.PatchSize})");
                if (p.Width <= 0 || (p.PatchSize > 0 && p.Width % p.PatchSize != 0)) Fail(nameof(p.Width), $"must be a positive multiple of PatchSize ({p.PatchSize})");
                if (p.TextDim <= 0) Fail(nameof(p.TextDim), "must be greater than 0");
                if (p.TextLayers < 0) Fail(nameof(p.TextLayers), "must be 0 or more");
                if (p.MaxPromptTokens <= 0) Fail(nameof(p.MaxPromptTokens), "must be greater than 0");
                if (p.TextBuckets <= 0) Fail(nameof(p.TextBuckets), "must be greater than 0");
                if (p.TextHeads <= 0) Fail(nameof(p.TextHeads), "must be greater than 0");
                else if (p.TextDim % p.TextHeads != 0) Fail(nameof(p.TextHeads), $"must divide TextDim ({p.TextDim})");
                if (p.MaxPromptTokens == 1) Fail(nameof(p.MaxPromptTokens), "must be at least 2 (a begin token and one word)");

                // Rotary positions split each head into (t, h, w) thirds of even width.
                var headDim = p.Heads > 0 ? p.HiddenSize / p.Heads : 0;
                if (p.Heads > 0 && p.HiddenSize % p.Heads == 0 && (headDim < 6 || headDim % 2 != 0))
                    Fail(nameof(p.Heads), $"HiddenSize / Heads = {headDim} must be even and at least 6 (3-D rotary positions)");
            }
        });
    }
}
