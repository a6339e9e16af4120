using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="RuntimeOptions"/>.</summary>
public sealed class RuntimeOptionsValidator : AbstractValidator<RuntimeOptions>
{
    /// <summary>Rules.</summary>
    public RuntimeOptionsValidator()
    {
        RuleFor(o => o.Device).Matches("^(cpu|auto|cuda(:[0-9]+)?)$").WithMessage(o => $"'{o.Device}' is not a device: use cpu, cuda, cuda:N or auto");
        RuleFor(o => o.Threads).GreaterThanOrEqualTo(0).WithMessage("must be 0 (library default) or more");
    }
}
