using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="ModalitiesOptions"/> (whether a plugin provides each name is checked after loading).</summary>
public sealed class ModalitiesOptionsValidator : AbstractValidator<ModalitiesOptions>
{
    /// <summary>Rules.</summary>
    public ModalitiesOptionsValidator()
    {
        RuleForEach(o => o.Enabled)
            .Matches("^[a-z][a-z0-9-]*$").WithMessage(o => "must be a lower-case modality name such as 'depth'");
        RuleFor(o => o.Enabled)
            .Must(list => list.Distinct(StringComparer.Ordinal).Count() == list.Count).WithMessage("lists a modality twice");
    }
}
