using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="DataOptions"/>.</summary>
public sealed class DataOptionsValidator : AbstractValidator<DataOptions>
{
    /// <summary>Rules.</summary>
    public DataOptionsValidator()
    {
        RuleFor(o => o.CacheMegabytes).GreaterThanOrEqualTo(0).WithMessage("must be 0 (no cache) or more");
    }
}
