using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>Draws a random scene graph from a clip's own generator; the draw order is fixed, so the scene is too.</summary>
internal static class SceneGenerator
{
    private static readonly Vector3 SetCentre = new(0, 0, 1.5f);
    private static readonly RigidMotion[] SphereMotions = [RigidMotion.Still, RigidMotion.Roll, RigidMotion.Roll, RigidMotion.Bounce, RigidMotion.Slide];
    private static readonly RigidMotion[] CylinderMotions = [RigidMotion.Still, RigidMotion.Spin, RigidMotion.Roll];
    private static readonly RigidMotion[] OtherMotions = [RigidMotion.Still, RigidMotion.Slide, RigidMotion.Spin];

    /// <summary>A scene for one clip.</summary>
    public static SceneSpec Generate(ClipRandom rng, bool withAnimals)
    {
        // ------------------------------------------------------------ camera and light
        var azimuth = rng.Range(-0.4f, 0.4f);
        var distance = rng.Range(4.2f, 6.0f);
        var start = SetCentre + new Vector3(MathF.Sin(azimuth) * distance, rng.Range(1.3f, 2.3f), -MathF.Cos(azimuth) * distance);
        var target = SetCentre + new Vector3(rng.Range(-0.4f, 0.4f), rng.Range(0.6f, 1.0f), 0);
        var motion = (CameraMotion)rng.Int(0, 4);
        var rate = motion switch
        {
            CameraMotion.Pan => rng.Sign() * rng.Range(0.12f, 0.3f),
            CameraMotion.Dolly => rng.Sign() * rng.Range(0.5f, 1.0f),
            CameraMotion.Orbit => rng.Sign() * rng.Range(0.15f, 0.35f),
            _ => 0f,
        };
        var elevation = rng.Range(0.6f, 1.1f);
        var sunAzimuth = rng.Range(0, 2 * MathF.PI);
        var light = new Vector3(MathF.Cos(elevation) * MathF.Sin(sunAzimuth), MathF.Sin(elevation), MathF.Cos(elevation) * MathF.Cos(sunAzimuth));

        // ------------------------------------------------------------ background
        var (groundName, groundA) = rng.Pick(Palette.Muted);
        var ground = new Material(groundA, groundA * rng.Range(0.55f, 0.75f), TextureKind.Checker, rng.Range(0.8f, 1.6f), 0);
        var (backdropName, backA) = rng.Pick(Palette.Muted);
        var backdrop = rng.Chance(0.5f)
            ? new Material(backA, backA * 0.6f + new Vector3(0.15f), TextureKind.Noise, rng.Range(0.6f, 1.2f), (uint)rng.NextUInt64())
            : new Material(backA, backA * 0.7f, TextureKind.Stripes, rng.Range(0.8f, 1.5f), 0);

        // ------------------------------------------------------------ actors
        var actors = new List<Actor>();
        var taken = new List<Vector3>();
        var people = rng.Chance(0.15f) ? 0 : rng.Int(1, 3);
        var animals = withAnimals ? rng.Int(1, 3) : 0;
        var objects = rng.Int(1, 4);
        for (var i = 0; i < people; i++) actors.Add(Human(rng, (byte)(actors.Count + 1), Place(rng, taken)));
        for (var i = 0; i < animals; i++) actors.Add(Quadruped(rng, (byte)(actors.Count + 1), Place(rng, taken)));
        for (var i = 0; i < objects; i++) actors.Add(Rigid(rng, (byte)(actors.Count + 1), Place(rng, taken)));

        return new SceneSpec
        {
            Actors = actors,
            Camera = new CameraRig(start, target, motion, rate),
            FieldOfView = rng.Range(50f, 65f) * MathF.PI / 180f,
            LightDir = Vector3.Normalize(light),
            Ambient = rng.Range(0.3f, 0.45f),
            Ground = ground,
            GroundColour = groundName,
            Backdrop = backdrop,
            BackdropColour = backdropName,
        };
    }

    /// <summary>A ground position on the set, kept apart from earlier ones when possible.</summary>
    private static Vector3 Place(ClipRandom rng, List<Vector3> taken)
    {
        var p = Vector3.Zero;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            p = SetCentre + new Vector3(rng.Range(-2.0f, 2.0f), 0, rng.Range(-1.5f, 1.5f));
            if (taken.TrueForAll(q => Vector3.Distance(p, q) > 1.0f)) break;
        }
        taken.Add(p);
        return p;
    }

    private static HumanActor Human(ClipRandom rng, byte id, Vector3 at)
    {
        var motion = (HumanMotion)rng.Int(0, 5);
        var (shirtName, shirtRgb) = rng.Pick(Palette.Vivid);
        var (_, pantsRgb) = rng.Pick(Palette.Vivid);
        var skinRgb = rng.Pick(Palette.Skin);
        var shirt = new Material(shirtRgb, shirtRgb * 0.7f, TextureKind.Stripes, rng.Range(4f, 7f), 0);
        var pants = new Material(pantsRgb * 0.7f, pantsRgb * 0.45f, TextureKind.Noise, rng.Range(3f, 5f), (uint)rng.NextUInt64());
        var skin = new Material(skinRgb, skinRgb, TextureKind.Plain, 1, 0);
        var yaw = rng.Range(0, 2 * MathF.PI);
        // Travellers start on the side they walk away from, so they cross the set instead of leaving it.
        var travels = motion is HumanMotion.Walk or HumanMotion.Run;
        var start = travels ? at - new Vector3(MathF.Sin(yaw), 0, MathF.Cos(yaw)) * (motion == HumanMotion.Run ? 1.2f : 0.6f) : at;
        return new HumanActor(id, start, yaw, motion, rng.Range(0.85f, 1.1f), rng.Range(0, 2 * MathF.PI),
            rng.Sign() * rng.Range(1.2f, 2.2f), shirtName, shirt, pants, skin);
    }

    private static QuadrupedActor Quadruped(ClipRandom rng, byte id, Vector3 at)
    {
        var (coatName, coatRgb) = rng.Pick(Palette.Coats);
        var coat = new Material(coatRgb, coatRgb * 0.7f + new Vector3(0.05f), TextureKind.Noise, rng.Range(3f, 5f), (uint)rng.NextUInt64());
        var yaw = rng.Range(0, 2 * MathF.PI);
        var start = at - new Vector3(MathF.Sin(yaw), 0, MathF.Cos(yaw)) * 0.6f;
        return new QuadrupedActor(id, start, yaw, rng.Chance(0.5f), rng.Range(0.8f, 1.2f), rng.Range(0, 2 * MathF.PI), coatName, coat);
    }

    private static RigidActor Rigid(ClipRandom rng, byte id, Vector3 at)
    {
        var kind = (PrimitiveKind)rng.Int(0, 4);
        var size = kind switch
        {
            PrimitiveKind.Sphere => new Vector3(rng.Range(0.2f, 0.45f), 0, 0),
            PrimitiveKind.Box => new Vector3(rng.Range(0.2f, 0.45f), rng.Range(0.2f, 0.5f), rng.Range(0.2f, 0.45f)),
            PrimitiveKind.Cylinder => new Vector3(rng.Range(0.2f, 0.5f), rng.Range(0.15f, 0.35f), 0),
            _ => new Vector3(rng.Range(0.15f, 0.4f), rng.Range(0.12f, 0.25f), 0),
        };
        var motion = kind switch
        {
            PrimitiveKind.Sphere => rng.Pick(SphereMotions),
            PrimitiveKind.Cylinder => rng.Pick(CylinderMotions),
            _ => rng.Pick(OtherMotions),
        };
        var heading = rng.Range(0, 2 * MathF.PI);
        var velocity = new Vector3(MathF.Sin(heading), 0, MathF.Cos(heading)) * rng.Range(0.6f, 1.5f);
        var (colourName, rgb) = rng.Pick(Palette.Vivid);
        var texture = (TextureKind)rng.Int(1, 4);
        var material = new Material(rgb, rgb * 0.55f + new Vector3(0.1f), texture, rng.Range(2.5f, 4.5f), (uint)rng.NextUInt64());
        var start = motion is RigidMotion.Slide or RigidMotion.Roll ? at - velocity * 0.4f : at;
        return new RigidActor(id, kind, size, start, rng.Range(0, 2 * MathF.PI), motion, velocity,
            rng.Sign() * rng.Range(1.0f, 3.0f), rng.Range(0, 2 * MathF.PI), colourName, material);
    }
}
