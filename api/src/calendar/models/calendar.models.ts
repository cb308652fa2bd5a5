import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('OpeningHours', { description: 'One opening interval of a weekday, in the facility’s local time.' })
export class OpeningHoursModel {
  @Field(() => Int, { description: 'ISO weekday: 1 Monday … 7 Sunday.' }) weekday: number;
  @Field({ description: 'HH:MM local time.' }) opens: string;
  @Field({ description: 'HH:MM local time; 24:00 is midnight at the end of the day.' }) closes: string;
}

@ObjectType('CalendarClosure', { description: 'Whole local days the facility is closed (holidays, maintenance).' })
export class CalendarClosureModel {
  @Field(() => ID) id: string;
  @Field({ description: 'First closed day, YYYY-MM-DD.' }) startsOn: string;
  @Field({ description: 'Last closed day, YYYY-MM-DD.' }) endsOn: string;
  @Field(() => String, { nullable: true }) reason: string | null;
}

@ObjectType('MachineBooking', { description: 'Machine-hours a claimed job holds until its due date.' })
export class MachineBookingModel {
  @Field(() => ID) jobId: string;
  @Field(() => ID, { nullable: true, description: 'The equipment booked; null for bench work such as assembly.' })
  equipmentId: string | null;
  @Field(() => Float) hours: number;
  @Field(() => GraphQLISODateTime) until: Date;
}

@ObjectType('FacilityCalendar', { description: 'A facility’s machine-hour calendar: its zone, weekly opening hours and closures.' })
export class FacilityCalendarModel {
  @Field(() => ID) facilityId: string;
  @Field({ description: 'IANA time zone the opening hours are in.' }) timeZone: string;
  @Field(() => [OpeningHoursModel]) hours: OpeningHoursModel[];
  @Field(() => [CalendarClosureModel]) closures: CalendarClosureModel[];
}
