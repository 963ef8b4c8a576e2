// Imported first by a test that must see colours: chalk decides once, when it is loaded.
process.env.FORCE_COLOR = '1';
delete process.env.NO_COLOR;
