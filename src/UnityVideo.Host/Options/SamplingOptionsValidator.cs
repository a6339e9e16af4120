using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="SamplingOptions"/>.</summary>
public sealed class SamplingOptionsValidator : AbstractValidator<SamplingOptions>
{
    /// <summary>Rules.</summary>
    public SamplingOptionsValidator()
    {
        RuleFor(o => o.Steps).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.EstimationSteps).GreaterThanOrEqualTo(0).WithMessage("must be 0 (same as Steps) or more");
        RuleFor(o => o.CfgScale).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more (1 disables guidance)");
        RuleFor(o => o.Shift).GreaterThan(0).WithMessage("must be greater than 0");
    }
}
