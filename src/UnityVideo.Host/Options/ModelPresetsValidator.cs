using FluentValidation;
using UnityVideo.Core.Backbones;

namespace UnityVideo.Host.Options;

/// <summary>Validates the <c>Model</c> section's own keys: the backbone, and the Wan trunk when it is chosen.</summary>
public sealed class ModelPresetsValidator : AbstractValidator<ModelPresets>
{
    /// <summary>Rules.</summary>
    public ModelPresetsValidator()
    {
        RuleFor(o => o.Backbone).Must(b => BackboneNames.All.Contains(b))
            .WithMessage(o => $"'{o.Backbone}' is not a backbone: use {string.Join(" or ", BackboneNames.All)}");
        When(o => o.Backbone == BackboneNames.Wan, () => RuleFor(o => o.Wan).SetValidator(new WanUnityConfigValidator()));
    }
}
