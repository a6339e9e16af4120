using FluentValidation;
using UnityVideo.Core.Backbones.Wan;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="WanUnityConfig"/> (<c>Model:Wan</c>): the size name, explicit dimensions, LoRA.</summary>
public sealed class WanUnityConfigValidator : AbstractValidator<WanUnityConfig>
{
    /// <summary>Rules.</summary>
    public WanUnityConfigValidator()
    {
        RuleFor(o => o.Size).Must(s => s is WanUnityConfig.T2V1_3B or WanUnityConfig.Custom)
            .WithMessage(o => $"'{o.Size}' is not a Wan size: use {WanUnityConfig.T2V1_3B} or {WanUnityConfig.Custom} (explicit Dim, FfnDim, Heads, Layers, …)");
        When(o => o.Size == WanUnityConfig.Custom, () =>
        {
            RuleFor(o => o.Dim).GreaterThan(0).WithMessage("must be greater than 0");
            RuleFor(o => o.FfnDim).GreaterThan(0).WithMessage("must be greater than 0");
            RuleFor(o => o.Layers).GreaterThan(0).WithMessage("must be greater than 0");
            RuleFor(o => o.TextDim).GreaterThan(0).WithMessage("must be greater than 0");
            RuleFor(o => o.TextLen).GreaterThan(0).WithMessage("must be greater than 0");
            RuleFor(o => o.LatentChannels).GreaterThan(0).WithMessage("must be greater than 0");
            RuleFor(o => o.FreqDim).GreaterThan(0).Must(f => f % 2 == 0).WithMessage("must be a positive even number (cosine and sine halves)");
            RuleFor(o => o.Heads).GreaterThan(0).WithMessage("must be greater than 0");
            // Rotary positions split each head over frame, height and width in even parts.
            RuleFor(o => o.Heads).Must((o, h) => o.Dim % h == 0 && o.Dim / h % 2 == 0 && o.Dim / h >= 6)
                .When(o => o.Heads > 0 && o.Dim > 0)
                .WithMessage(o => $"must divide Dim ({o.Dim}) into heads of an even width of at least 6 (got {o.Heads})");
        });
        RuleFor(o => o.Precision).Must(p => p is WanUnityConfig.Fp32 or WanUnityConfig.Bf16)
            .WithMessage(o => $"'{o.Precision}' is not a precision: use {WanUnityConfig.Fp32} or {WanUnityConfig.Bf16}");
        RuleFor(o => o.LoraRank).GreaterThanOrEqualTo(0).WithMessage("must be 0 (train the whole trunk) or more");
        RuleFor(o => o.LoraAlpha).Must(a => a > 0 && double.IsFinite(a)).WithMessage("must be a finite number greater than 0");
        RuleFor(o => o.LoraDropout).Must(d => d >= 0 && d < 1).WithMessage("must be in [0, 1)");
        RuleForEach(o => o.LoraTargets).Must(t => !string.IsNullOrWhiteSpace(t) && !t.StartsWith('.') && !t.EndsWith('.') && !t.Contains("..", StringComparison.Ordinal))
            .WithMessage((_, t) => $"'{t}' is not a module name pattern such as self_attn.q or cross_attn.*");
        RuleFor(o => o.NewModulesLearningRateScale).Must(x => x >= 0 && double.IsFinite(x)).WithMessage("must be a finite number ≥ 0");
    }
}
