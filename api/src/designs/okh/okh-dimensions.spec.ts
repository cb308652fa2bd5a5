import { outerDimensions, openScadBox, toleranceClassOfItGrade } from './okh-dimensions.js';

describe('OKH-LOSH outer dimensions', () => {
  it('reads OpenSCAD cubes and cylinders as bounding boxes, closing parenthesis or not', () => {
    expect(openScadBox('cube(size = [400,350,150])')).toEqual({ x: 400, y: 350, z: 150 });
    expect(openScadBox('cube(size = [120,100,5]')).toEqual({ x: 120, y: 100, z: 5 });
    expect(openScadBox('cube(10)')).toEqual({ x: 10, y: 10, z: 10 });
    expect(openScadBox('cylinder(h=30, r=28)')).toEqual({ x: 56, y: 56, z: 30 });
    expect(openScadBox('cylinder(h=10, r1=5, r2=8)')).toEqual({ x: 16, y: 16, z: 10 });
    expect(openScadBox('cylinder(h=10, d=4)')).toEqual({ x: 4, y: 4, z: 10 });
    expect(openScadBox('sphere(3)')).toBeUndefined();
    expect(openScadBox('cube(size = [1,0,2])')).toBeUndefined();
  });

  it('takes width/depth/height too, and converts units to millimetres', () => {
    expect(outerDimensions({ width: 400, depth: 350, height: 150 })).toEqual({ x: 400, y: 350, z: 150 });
    expect(outerDimensions({ openSCAD: 'cube([4,3,1.5])', unit: 'cm' })).toEqual({ x: 40, y: 30, z: 15 });
    expect(outerDimensions({ openSCAD: 'cube([1,1,1])', unit: 'furlong' })).toBeUndefined();
    expect(outerDimensions('400x350')).toBeUndefined();
  });
});

describe('IT grades as ISO 2768-1 classes', () => {
  it('maps each grade to the coarsest class that still holds it', () => {
    const cls = (g: string) => toleranceClassOfItGrade(g)?.toleranceClass;
    expect(['IT12', 'IT13', 'IT14', 'IT15', 'IT16', 'IT17', 'IT18'].map(cls)).toEqual(['f', 'f', 'm', 'm', 'c', 'v', 'v']);
    expect(toleranceClassOfItGrade('IT11')).toEqual({ toleranceClass: 'f', finerThanClass: true });
    expect(toleranceClassOfItGrade('IT12')).toEqual({ toleranceClass: 'f', finerThanClass: false });
    expect(toleranceClassOfItGrade('it 7')?.finerThanClass).toBe(true);
    expect(toleranceClassOfItGrade('IT19')).toBeUndefined();
    expect(toleranceClassOfItGrade('fine')).toBeUndefined();
  });
});
