-- The repository's GitHub description, shown in the dashboard's table next to its name.
-- Never edit once landed: add a new migration instead.
ALTER TABLE repositories ADD COLUMN description TEXT;
