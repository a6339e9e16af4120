using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="PluginsOptions"/>.</summary>
public sealed class PluginsOptionsValidator : AbstractValidator<PluginsOptions>
{
    /// <summary>Rules.</summary>
    public PluginsOptionsValidator()
    {
        RuleForEach(o => o.Directories).NotEmpty().WithMessage("must be a folder path, not empty");
    }
}
