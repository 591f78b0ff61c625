using System;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The runtime helpers generated code uses for convolution kernels stored as rank-3 and rank-4 arrays: row-major views
/// (<see cref="FlatView"/>), copies to and from θ in both element types, and shape checks that name the member and
/// both shapes (<see cref="StorageShapes"/>).
/// </summary>
public sealed class KernelStorageTests
{
    [Fact]
    public void RankThreeAndFourViewsAreRowMajor()
    {
        var k1 = new double[2, 3, 4];
        for (int o = 0; o < 2; o++)
            for (int c = 0; c < 3; c++)
                for (int t = 0; t < 4; t++) k1[o, c, t] = 100 * o + 10 * c + t;
        var view = FlatView.Of(k1);
        view.Length.ShouldBe(24);
        view[(1 * 3 + 2) * 4 + 3].ShouldBe(123);

        var k2 = new float[2, 3, 2, 2];
        k2[1, 2, 0, 1] = 7;
        var view2 = FlatView.Of(k2);
        view2.Length.ShouldBe(24);
        view2[((1 * 3 + 2) * 2 + 0) * 2 + 1].ShouldBe(7f);
        view2[0] = 5; // a view, not a copy
        k2[0, 0, 0, 0].ShouldBe(5f);
        FlatView.Of(new double[1, 2, 3, 4]).Length.ShouldBe(24);
        FlatView.Of(new float[3, 1, 2]).Length.ShouldBe(6);
    }

    [Fact]
    public void KernelsRoundTripThroughThetaInBothElementTypes()
    {
        var kernels = new float[3, 2, 2, 2];
        var values = FlatView.Of(kernels);
        for (int i = 0; i < values.Length; i++) values[i] = 0.25f * i - 1;
        var theta = new double[30];
        FlatView.Copy(FlatView.Of(kernels), theta.AsSpan(4, 24));
        theta[4 + ((2 * 2 + 1) * 2 + 0) * 2 + 1].ShouldBe(kernels[2, 1, 0, 1]);
        theta[3].ShouldBe(0);
        theta[28].ShouldBe(0);

        theta[4 + 5] = 9.5;
        var back = new float[3, 2, 2, 2];
        FlatView.Copy(theta.AsSpan(4, 24), FlatView.Of(back));
        back[0, 1, 0, 1].ShouldBe(9.5f); // index 5 = 0·8 + 1·4 + 0·2 + 1

        var wide = new double[2, 3, 4];
        FlatView.Copy(theta.AsSpan(4, 24), FlatView.Of(wide));
        wide[1, 2, 3].ShouldBe(theta[4 + 23]);
    }

    [Fact]
    public void WrongKernelShapesNameTheMemberAndBothShapes()
    {
        StorageShapes.CheckShape(new double[16, 3, 3, 3], 16, 3, 3, 3, "K1");
        StorageShapes.CheckShape(new float[4, 2, 5], 4, 2, 5, "K0");

        var error = Should.Throw<ArgumentException>(() => StorageShapes.CheckShape(new double[16, 3, 3, 2], 16, 3, 3, 3, "K1"));
        error.Message.ShouldContain("K1 must have shape [16, 3, 3, 3]; it has [16, 3, 3, 2].");
        error.ParamName.ShouldBe("K1");
        Should.Throw<ArgumentException>(() => StorageShapes.CheckShape(new float[4, 5, 2], 4, 2, 5, "K0"))
            .Message.ShouldContain("K0 must have shape [4, 2, 5]; it has [4, 5, 2].");
        Should.Throw<ArgumentException>(() => StorageShapes.CheckShape((double[,,])null!, 4, 2, 5, "K0"))
            .Message.ShouldContain("K0 is null; it must have shape [4, 2, 5].");
        Should.Throw<ArgumentException>(() => StorageShapes.CheckShape((float[,,,])null!, 1, 2, 3, 4, "K2"))
            .Message.ShouldContain("K2 is null; it must have shape [1, 2, 3, 4].");
    }
}
